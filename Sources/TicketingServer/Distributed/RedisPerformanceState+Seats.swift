import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingRedis

/// Holds and the moves an order makes, each one Redis script. Best-available runs the domain's
/// solver on a snapshot of the map and then takes the chosen seats atomically; another buyer
/// taking one of them in between means reading the map again, a bounded number of times.
extension RedisPerformanceState {
    func holdIfAdmitted(userId: String, request: CreateHoldRequest,
                        holdId: String) async throws -> Result<HoldDTO, HoldError>? {
        try await hold(userId: userId, request: request, holdId: holdId, admittedAt: clock.now())
    }

    func hold(userId: String, request: CreateHoldRequest, holdId: String) async throws -> Result<HoldDTO, HoldError> {
        // Without an admission check the script never answers "not admitted".
        try await hold(userId: userId, request: request, holdId: holdId, admittedAt: nil) ?? .failure(.empty)
    }

    /// nil only when `admittedAt` is given and the buyer held no live admission then.
    private func hold(userId: String, request: CreateHoldRequest, holdId: String,
                      admittedAt: Date?) async throws -> Result<HoldDTO, HoldError>? {
        if let explicit = request.seatIds {
            if let refusal = refusal(explicit) { return .failure(refusal) }
            return try await take(explicit, userId: userId, holdId: holdId, admittedAt: admittedAt)
        }
        guard let grade = request.grade, let count = request.count else { return .failure(.empty) }
        guard count >= 1, count <= spec.maxSeatsPerOrder else { return .failure(.tooManySeats(max: spec.maxSeatsPerOrder)) }
        var attempt = 0
        var fresh = false
        while true {
            attempt += 1
            // Picks use a map read shared with other buyers (a lost race marks the seats it
            // names as taken in it, so the next pick skips them without a read); a refusal is
            // decided on a fresh read.
            let (seats, own) = try await inventoryAndOwnHold(for: userId, fresh: fresh)
            guard let picked = seats.bestAvailable(grade: grade, count: count, for: userId,
                                                   allowSplit: request.allowSplit ?? false, section: request.section) else {
                if !fresh {
                    fresh = true
                    continue
                }
                return .failure(.noSeatsTogether(grade: grade, count: count, remaining: seats.remaining(for: userId)))
            }
            // Reserved in the shared read before the await, so picks running meanwhile on this
            // node go elsewhere instead of racing for the same best seats.
            let prior = picked.map { (seat: $0, state: snapshotCache?.snapshot.seats[$0]) }
            noteInSnapshot(picked, as: .held(holdId: holdId))
            let outcome = try await take(picked, userId: userId, holdId: holdId, admittedAt: admittedAt,
                                         replacing: .some(own))
            if case .success = outcome { return outcome }
            for (seat, state) in prior where snapshotCache?.snapshot.seats[seat] == .held(holdId: holdId) {
                snapshotCache?.snapshot.seats[seat] = state
            }
            guard case .failure(.unavailable(let taken))? = outcome, attempt < settings.bestAvailableAttempts else {
                return outcome
            }
            noteInSnapshot(taken, as: .held(holdId: ""))
            fresh = false
        }
    }

    /// What the embedded inventory refuses before looking at seat states, in its order.
    private func refusal(_ seatIds: [String]) -> HoldError? {
        if seatIds.isEmpty { return .empty }
        if Set(seatIds).count != seatIds.count { return .duplicateSeats }
        if seatIds.count > spec.maxSeatsPerOrder { return .tooManySeats(max: spec.maxSeatsPerOrder) }
        let unknown = seatIds.filter { emptyInventory.seat($0) == nil }
        return unknown.isEmpty ? nil : .unknownSeats(unknown)
    }

    /// `replacing`: the buyer's hold before this one (`.some(nil)`: none), when the caller read
    /// it; the shared map read is then kept, marked with the change, instead of dropped.
    private func take(_ seatIds: [String], userId: String, holdId: String, admittedAt: Date?,
                      replacing previous: String?? = nil) async throws -> Result<HoldDTO, HoldError>? {
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(TimeInterval(spec.holdSeconds))
        switch try await map.hold(id: holdId, buyer: userId, seats: seatIds, until: expiresAt, admittedAt: admittedAt) {
        case .held:
            // The shared read stays usable with the change marked (the previous hold's seats
            // free, these held): re-reading the whole map after every hold made it one
            // O(seats) script per hold.
            if let previous {
                if let previous, let cached = snapshotCache?.snapshot.seats {
                    noteInSnapshot(cached.filter { $0.value == .held(holdId: previous) }.map(\.key), as: .free)
                }
                noteInSnapshot(seatIds, as: .held(holdId: holdId))
            } else {
                forgetSnapshot()
            }
            try await pool.command(["SET", RedisPerformanceStates.holdIndexKey(holdId), id, "EX", "86400"])
            let amount = seatIds.reduce(0) { $0 + (emptyInventory.seat($1)?.price ?? 0) }
            return .success(HoldDTO(holdId: holdId, performanceId: id, seatIds: seatIds, amount: amount,
                                    expiresAt: expiresAt))
        case .notAdmitted: return nil
        case .taken(let seats): return .failure(.unavailable(seats))
        case .unknownSeat(let seat): return .failure(.unknownSeats([seat]))
        case .duplicateSeat: return .failure(.duplicateSeats)
        case .tooManySeats(let limit): return .failure(.tooManySeats(max: limit))
        case .pinned: return .failure(.pinnedByOrder)
        }
    }

    func release(holdId: String, userId: String) async throws -> Result<Void, HoldError> {
        defer { forgetSnapshot() }
        switch try await map.releasing(holdId: holdId, buyer: userId) {
        case .released: return .success(())
        case .missing: return .failure(.unknownHold)
        case .notYours: return .failure(.notYourHold)
        case .pinned: return .failure(.pinnedByOrder)
        }
    }

    func basket(holdId: String, userId: String) async -> (hold: Hold, seats: [SeatInfo])? {
        guard let record = try? await map.hold(id: holdId), record.buyer == userId else { return nil }
        let seats = record.seats.compactMap { emptyInventory.seat($0) }
        let hold = Hold(id: holdId, userId: userId, seatIds: record.seats, amount: seats.reduce(0) { $0 + $1.price },
                        expiresAt: record.deadline, orderId: record.orderId)
        return (hold, seats)
    }

    func seatStates() async -> (version: Int, seats: [SeatChange]) {
        guard let snapshot = try? await map.snapshot() else { return (0, []) }
        return (snapshot.version, seatList.map { SeatChange(id: $0.id, state: Self.name(snapshot.seats[$0.id])) })
    }

    var seatInfos: [SeatInfo] { seatList }

    func pinForPayment(holdId: String, orderId: String) async throws -> Bool {
        try await map.pin(holdId: holdId, orderId: orderId)
    }

    func applyPaid(holdId: String, orderId: String, userId: String) async throws {
        // The order is paid and durable: its seats must show sold, so a Redis busy or restarting
        // right now is waited out (the sale is idempotent) rather than the sale dropped; past the
        // retries, the order's `OrderPaid` event sells it again (`SeatSaleConsumer`).
        var attempt = 0
        do {
            while true {
                attempt += 1
                do {
                    _ = try await map.sell(holdId: holdId, orderId: orderId)
                    break
                } catch where attempt < 6 && BackendOutage.covers(error) {
                    try await Task.sleep(for: .milliseconds(50 << attempt))
                }
            }
            forgetSnapshot()
            try await room.complete(buyer: userId)
        } catch {
            logger.warning("redis sale not applied yet; the order's OrderPaid event applies it", metadata: [
                "hold.id": "\(holdId)", "order.id": "\(orderId)", "error.message": "\(error)"])
            throw error
        }
    }

    /// The order's payment failed (its failure is committed, so no new order can take the hold):
    /// the seats go back on sale at once, and the admission step sees them free on its next tick.
    func applyFailed(holdId: String, orderId: String) async {
        do {
            guard let record = try await map.hold(id: holdId), record.orderId == nil || record.orderId == orderId else {
                return
            }
            _ = try await map.unpin(holdId: holdId, now: clock.now())
            _ = try await map.release(holdId: holdId)
            forgetSnapshot()
        } catch {
            logger.error("redis failed order's hold not released", metadata: [
                "hold.id": "\(holdId)", "order.id": "\(orderId)", "error.message": "\(error)"])
        }
    }

    func applyRefunded(seatIds: [String]) async {
        _ = try? await map.unsell(seats: seatIds)
        forgetSnapshot()
    }

    func releaseUnpaid(holdId: String, userId: String) async throws {
        _ = try await release(holdId: holdId, userId: userId)
    }

    /// The domain inventory filled from a snapshot of the Redis map. Only `buyer`'s own hold is
    /// known by its owner (best-available counts it as free for them); others are just held.
    func inventory(for buyer: String?, fresh: Bool = true) async throws -> SeatInventory {
        try await inventoryAndOwnHold(for: buyer, fresh: fresh).inventory
    }

    /// The inventory and the buyer's own hold it counts as free for them.
    private func inventoryAndOwnHold(for buyer: String?, fresh: Bool) async throws
        -> (inventory: SeatInventory, own: String?) {
        var own: String?
        if let buyer { own = try await map.holdId(of: buyer) }
        // The shared read as it is now, with the changes this node marked in it since.
        let read = try await sharedSnapshot(fresh: fresh)
        let snapshot = snapshotCache?.snapshot ?? read
        var sold: [(seatId: String, orderId: String)] = []
        var held: [String: [String]] = [:]
        for seat in seatList {
            switch snapshot.seats[seat.id] {
            case .sold(let orderId)?: sold.append((seat.id, orderId))
            case .held(let holdId)?: held[holdId, default: []].append(seat.id)
            default: break
            }
        }
        let holds = held.map { holdId, seats in
            Hold(id: holdId, userId: holdId == own ? (buyer ?? "") : "", seatIds: seats, amount: 0,
                 expiresAt: .distantFuture)
        }
        var inventory = emptyInventory
        inventory.restore(sold: sold, holds: holds)
        return (inventory, own)
    }

    static func name(_ state: RedisSeatMap.SeatState?) -> String {
        switch state {
        case .held?: "held"
        case .sold?: "sold"
        case .free?, nil: "available"
        }
    }
}

extension RedisPerformanceState {
    /// The whole map is an O(seats) script (about 10,000 for the arena): buyers picking best
    /// available at once share one read no older than `snapshotReuse`, and the all-or-nothing
    /// take catches whatever changed since. This node's picks and holds mark their seats in the
    /// shared read (`noteInSnapshot`); its other changes drop it.
    func sharedSnapshot(fresh: Bool) async throws -> RedisSeatMap.Snapshot {
        if !fresh, let cached = snapshotCache, ContinuousClock.now - cached.at < Self.snapshotReuse {
            return cached.snapshot
        }
        let read: Task<RedisSeatMap.Snapshot, any Error>
        if let running = snapshotRead {
            read = running
        } else {
            read = Task { [map] in try await map.snapshot() }
            snapshotRead = read
        }
        do {
            let snapshot = try await read.value
            // Whichever caller resumes first installs the read; the others find it installed,
            // with whatever that caller's pick has marked in it since.
            if snapshotRead == read {
                snapshotRead = nil
                snapshotCache = (ContinuousClock.now, snapshot)
            }
            return snapshotCache?.snapshot ?? snapshot
        } catch {
            if snapshotRead == read { snapshotRead = nil }
            throw error
        }
    }

    func forgetSnapshot() {
        snapshotCache = nil
    }

    /// Seats this node knows changed since the shared read, marked in it.
    func noteInSnapshot(_ seatIds: [String], as state: RedisSeatMap.SeatState) {
        for seat in seatIds { snapshotCache?.snapshot.seats[seat] = state }
    }
}
