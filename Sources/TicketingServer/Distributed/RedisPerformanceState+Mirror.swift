import Foundation
import TicketingDomain
import TicketingRedis

/// This node's copy of one performance's seat map, states only (holders are not copied): read
/// whole once, then kept level from the change stream (every change a script makes is one
/// versioned event), so a best-available pick costs the changes since the last pick instead of
/// the whole map. Redis's scripts still decide every take: a stale copy only costs a retry.
struct SeatMirror {
    var inventory: SeatInventory
    var version: Int
    /// When the read that made it level began; nil when this node knows it changed since.
    var readAt: ContinuousClock.Instant?
}

extension RedisPerformanceState {
    /// Level with Redis as of at most `mirrorReuse` ago (picks at once share one catch-up), or,
    /// when `fresh`, as of a read that began after this call.
    func syncMirror(fresh: Bool) async throws {
        let asked = ContinuousClock.now
        if !fresh, let readAt = seatMirror?.readAt, asked - readAt < Self.mirrorReuse { return }
        while true {
            if let running = mirrorSync {
                try await running.value
            } else {
                let sync = Task { try await self.catchUpMirror() }
                mirrorSync = sync
                try await sync.value
            }
            // A catch-up that began before a fresh ask may have missed what the caller saw fail.
            if !fresh || (seatMirror?.readAt.map { $0 >= asked } ?? false) { return }
        }
    }

    /// The next pick reads the changes first (this node changed the map in a way it did not mark).
    func staleMirror() {
        seatMirror?.readAt = nil
    }

    private func catchUpMirror() async throws {
        defer { mirrorSync = nil }
        let readAt = ContinuousClock.now
        guard let from = seatMirror?.version else { return try await reloadMirror(readAt: readAt) }
        var events: [RedisEventLog.Event] = []
        var seen = from
        while true {
            let batch = try await log.events(after: seen, count: Self.mirrorBatch)
            // Trimmed past this copy's version: only a whole read puts it level.
            if batch.gap { return try await reloadMirror(readAt: readAt) }
            guard let last = batch.events.last else { break }
            events += batch.events
            seen = last.version
            if batch.events.count < Self.mirrorBatch { break }
        }
        guard var mirror = seatMirror else { return try await reloadMirror(readAt: readAt) }
        seatMirror = nil  // the inventory changes in place, not copied
        for event in events where event.version > mirror.version {
            let changes = (try? JSONDecoder().decode([String: String].self,
                                                     from: Data((event.fields["changes"] ?? "{}").utf8))) ?? [:]
            for (seat, state) in changes { mirror.inventory.mark(CollectionOfOne(seat), as: Self.status(state)) }
            mirror.version = event.version
        }
        mirror.readAt = readAt
        seatMirror = mirror
    }

    private func reloadMirror(readAt: ContinuousClock.Instant) async throws {
        let snapshot = try await map.snapshot()
        var inventory = emptyInventory
        var held: [String] = []
        var sold: [String] = []
        for (seat, state) in snapshot.seats {
            switch state {
            case .held: held.append(seat)
            case .sold: sold.append(seat)
            case .free: break
            }
        }
        inventory.mark(held, as: .held(holdId: ""))
        inventory.mark(sold, as: .sold(orderId: ""))
        seatMirror = SeatMirror(inventory: inventory, version: snapshot.version, readAt: readAt)
    }

    /// A state as the seat scripts write it in their events.
    private static func status(_ name: String) -> SeatStatus {
        switch name {
        case "held": .held(holdId: "")
        case "sold": .sold(orderId: "")
        default: .available
        }
    }

    /// Seats this node knows changed, marked in its copy until the stream brings the change.
    func markInMirror(_ seatIds: [String], as status: SeatStatus) {
        seatMirror?.inventory.mark(seatIds, as: status)
    }
}
