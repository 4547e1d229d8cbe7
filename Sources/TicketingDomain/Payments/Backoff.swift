/// Exponential backoff with full jitter: retry n (0-based) waits a uniformly random time in
/// `0 ... min(cap, base · 2^n)`. Full jitter spreads a crowd of clients that failed together
/// (a gateway blip during a ticket rush) instead of making them retry in lockstep.
public struct Backoff: Sendable {
    public let base: Duration
    public let cap: Duration
    private let random: RandomSource

    public init(base: Duration, cap: Duration, random: RandomSource = .system) {
        precondition(base > .zero && cap >= base, "Backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.random = random
    }

    /// The longest wait before retry `attempt`: `min(cap, base · 2^attempt)`, without overflow.
    public func ceiling(attempt: Int) -> Duration {
        let capNanos = Self.nanoseconds(cap)
        let baseNanos = Self.nanoseconds(base)
        let exponent = max(0, attempt)
        guard exponent < 63 else { return cap }
        let (scaled, overflow) = baseNanos.multipliedReportingOverflow(by: Int64(1) << exponent)
        return .nanoseconds(overflow ? capNanos : min(capNanos, scaled))
    }

    /// The wait before retry `attempt`, drawn from the injected random source.
    public func delay(attempt: Int) -> Duration {
        .nanoseconds(random.next(in: 0...Self.nanoseconds(ceiling(attempt: attempt))))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, carried) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return carried ? .max : total
    }
}
