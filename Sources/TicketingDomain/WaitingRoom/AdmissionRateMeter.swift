import Foundation

/// Admissions actually made per second over a sliding window, so the ETA follows reality
/// (a full `maxActive` slows admission below the configured rate).
struct AdmissionRateMeter: Sendable {
    let window: TimeInterval
    private var times: [Date] = []
    private var head = 0

    init(window: TimeInterval) { self.window = window }

    mutating func record(_ time: Date) {
        times.append(time)
        while head < times.count, time.timeIntervalSince(times[head]) > window { head += 1 }
        if head > 1024 && head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
    }

    /// nil until there is something to measure.
    func perSecond(now: Date) -> Double? {
        var first = head
        while first < times.count, now.timeIntervalSince(times[first]) > window { first += 1 }
        let count = times.count - first
        guard count >= 2 else { return nil }
        let span = max(1, now.timeIntervalSince(times[first]))
        return Double(count) / span
    }
}
