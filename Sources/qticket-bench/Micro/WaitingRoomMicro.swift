import Foundation
import TicketingDomain

/// Waiting-room operations timed at a given number of waiting buyers. Each figure is the best of
/// `repeats` batches (the least disturbed by other work on the machine), in ns per operation.
struct WaitingRoomMicro {
    struct Figures {
        var size: Int
        var fillJoin: Double
        var join: Double
        var status: Double
        /// Status asked with a copy of the id in a String of its own, as a request decodes it:
        /// a table keyed by String must then read the stored key's heap object to compare.
        var freshStatus: Double
        var leave: Double
        var admit: Double
    }

    let repeats: Int
    /// Makes the user id of buyer `i` (server-shaped by default).
    var userId: @Sendable (Int) -> String = BenchIDs.user
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func policy(rate: Double, maxActive: Int) -> QueuePolicy {
        QueuePolicy(ratePerSecond: rate, maxActive: maxActive, admissionTTL: 600, maxSeatsPerOrder: 4,
                    saleOpensAt: .distantPast)
    }

    func makeRoom(rate: Double = 1, maxActive: Int = 1) -> WaitingRoom {
        WaitingRoom(policy: policy(rate: rate, maxActive: maxActive)) { $0 }
    }

    /// Bytes of RSS per waiting buyer after `count` joins (ids shaped like the server's).
    func memoryPerBuyer(count: Int) -> (total: Int, perBuyer: Double) {
        ProcessMemory.trim()
        let before = ProcessMemory.selfRSS()
        var room = makeRoom()
        for i in 0..<count { _ = room.join(userId(i), now: t0) }
        ProcessMemory.trim()
        let after = ProcessMemory.selfRSS()
        precondition(room.waitingCount == count)
        withExtendedLifetime(room) {}
        return (after - before, Double(after - before) / Double(count))
    }

    /// `admissions: false` skips the tick-admit figure (it refills the room once per batch).
    func measure(size: Int, admissions: Bool = true) -> Figures {
        let ids = (0..<size).map(userId)
        var room = makeRoom()
        let fill = timed { for id in ids { _ = room.join(id, now: t0) } }
        let batch = max(100, min(size / 2, 10_000))
        var rng = SplitMix64(state: UInt64(size))
        var join = Duration.seconds(3600), leave = join, status = join, fresh = join
        for _ in 0..<repeats {
            let picks = (0..<batch).map { _ in ids[Int.random(in: 0..<size, using: &rng)] }
            let unique = Array(Set(picks))
            var seen = 0
            let s = timed {
                for id in picks where room.status(of: id, now: t0, inventory: level) != nil { seen += 1 }
            }
            precondition(seen == picks.count)
            status = min(status, s / picks.count)
            let copies = picks.map { String(decoding: Array($0.utf8), as: UTF8.self) }
            seen = 0
            let f = timed {
                for id in copies where room.status(of: id, now: t0, inventory: level) != nil { seen += 1 }
            }
            precondition(seen == copies.count)
            fresh = min(fresh, f / copies.count)
            let l = timed { for id in unique { _ = room.leave(id) } }
            leave = min(leave, l / unique.count)
            let j = timed { for id in unique { _ = room.join(id, now: t0) } }
            join = min(join, j / unique.count)
        }
        precondition(room.waitingCount == size)
        return Figures(size: size, fillJoin: (fill / size).nanoseconds, join: join.nanoseconds,
                       status: status.nanoseconds, freshStatus: fresh.nanoseconds, leave: leave.nanoseconds, admit: admissions ? admitCost(size: size, ids: ids) : .nan)
    }

    var level: InventoryLevel { InventoryLevel(available: 10_000, held: 0) }

    /// ns per admitted buyer of one scheduler tick, with `size` waiting. Admitted buyers complete
    /// (untimed) after each tick, so the figure is not inflated by a growing active set.
    func admitCost(size: Int, ids: [String]) -> Double {
        let perTick = max(10, min(1_000, size / 10))
        let ticks = max(1, min(20, size / 2 / perTick))
        var best = Duration.seconds(3600)
        for round in 0..<repeats {
            var room = makeRoom(rate: Double(perTick) * 10, maxActive: size)
            for id in ids { _ = room.join(id, now: t0) }
            var now = t0
            _ = room.tick(now: now, inventory: level)
            var admitted = 0
            var spent = Duration.zero
            for _ in 0..<ticks {
                now = now.addingTimeInterval(0.1)
                var events: [QueueEvent] = []
                spent += timed { events = room.tick(now: now, inventory: level) }
                for case let .admitted(userId, _) in events {
                    admitted += 1
                    _ = room.complete(userId)
                }
            }
            precondition(admitted > 0, "round \(round) admitted nobody")
            best = min(best, spent / admitted)
        }
        return best.nanoseconds
    }
}
