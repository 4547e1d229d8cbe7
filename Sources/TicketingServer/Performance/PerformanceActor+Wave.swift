import Foundation
import Synchronization
import TicketingDomain
import TicketingProtocol

/// `queue.status` waves: every waiting buyer's rank, encoded and written to their sockets.
extension PerformanceActor {
    /// One `queue.status` per buyer per push interval at most, only when it changed, and a
    /// refresh every few seconds so a quiet line still shows signs of life.
    func pushQueueStatuses(now: Date) {
        guard !queueSockets.isEmpty else { return }
        let dirty = queueDirty && now.timeIntervalSince(lastQueuePush) >= pushInterval
        guard dirty || now.timeIntervalSince(lastRefreshSweep) >= pushInterval else { return }
        lastRefreshSweep = now
        if dirty {
            queueDirty = false
            lastQueuePush = now
        }
        var due: [WaveEntry] = []
        due.reserveCapacity(queueSockets.count)
        for (userId, outlets) in queueSockets {
            let previous = lastPush[userId]
            guard dirty || previous.map({ now.timeIntervalSince($0.1) >= Wave.refreshAfter }) ?? true else { continue }
            due.append(WaveEntry(userId: userId, outlets: outlets, previous: previous))
        }
        let wave = Wave(room: room, level: seats.level, performanceId: id, now: now)
        let outcome = wave.write(due)
        for (userId, message) in outcome.sent { lastPush[userId] = (message, now) }
        // An admitted buyer's status carries their admission token, which only the actor signs.
        for entry in outcome.admitted {
            guard let status = statusDTO(entry.userId, now: now) else { continue }
            let message = QueueStatusPush(performanceId: id, status: status)
            if Wave.isRepeat(message, of: entry.previous, now: now) { continue }
            let data = message.wireJSON
            for outlet in entry.outlets { outlet.send(json: data) }
            lastPush[entry.userId] = (message, now)
        }
    }
}

struct WaveEntry: Sendable {
    let userId: String
    let outlets: Set<SocketOutlet>
    let previous: (QueueStatusPush, Date)?
}

/// One wave, computed from a copy of the line: a wave's cost is mostly the kernel's, one send
/// per socket (on loopback the sender also runs the receiver's TCP), so a big wave is ranked,
/// encoded and written from every core. The actor waits for the whole wave, so each buyer's
/// pushes still leave in order.
struct Wave: Sendable {
    static let refreshAfter: TimeInterval = 5
    /// Below this many buyers a wave is written on the actor's thread alone.
    static let parallelSize = 1_000

    /// The same status as the one pushed, and its refresh not yet due: nothing to send.
    static func isRepeat(_ message: QueueStatusPush, of previous: (QueueStatusPush, Date)?, now: Date) -> Bool {
        guard let previous else { return false }
        return previous.0 == message && now.timeIntervalSince(previous.1) < refreshAfter
    }

    let room: WaitingRoom
    let level: InventoryLevel
    let performanceId: String
    let now: Date

    struct Outcome {
        var sent: [(String, QueueStatusPush)] = []
        /// Left to the actor: their status needs an admission token.
        var admitted: [WaveEntry] = []
    }

    func write(_ due: [WaveEntry]) -> Outcome {
        let lanes = due.count >= Self.parallelSize ? min(4, ProcessInfo.processInfo.activeProcessorCount) : 1
        guard lanes > 1 else { return write(due, lane: 0, of: 1) }
        let outcomes = Mutex<[Outcome]>([])
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let outcome = write(due, lane: lane, of: lanes)
            outcomes.withLock { $0.append(outcome) }
        }
        return outcomes.withLock { all in
            all.reduce(into: Outcome()) { total, part in
                total.sent += part.sent
                total.admitted += part.admitted
            }
        }
    }

    private func write(_ due: [WaveEntry], lane: Int, of lanes: Int) -> Outcome {
        var outcome = Outcome()
        outcome.sent.reserveCapacity(due.count / lanes + 1)
        for index in stride(from: lane, to: due.count, by: lanes) {
            let entry = due[index]
            guard let status = room.status(of: entry.userId, now: now, inventory: level) else { continue }
            guard status.admissionExpiresAt == nil else {
                outcome.admitted.append(entry)
                continue
            }
            let message = QueueStatusPush(performanceId: performanceId, status: PerformanceActor.dto(status, token: nil))
            if Self.isRepeat(message, of: entry.previous, now: now) { continue }
            let data = message.wireJSON
            for outlet in entry.outlets { outlet.send(json: data) }
            outcome.sent.append((entry.userId, message))
        }
        return outcome
    }
}
