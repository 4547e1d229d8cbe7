import ConnectionPooling
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingRedis

/// Holds and the moves an order makes, each one Redis script. Best-available runs the domain's
/// solver on this node's copy of the map (RedisPerformanceState+Mirror.swift) and then takes the
/// chosen seats atomically; another buyer taking one of them in between means picking again, a
/// bounded number of times.
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
            // Picks read this node's copy of the map (a lost race marks the seats it names as
            // taken in it, so the next pick skips them); a refusal is decided on a fresh read.
            let own = try await ownHold(of: userId)
            try await syncMirror(fresh: fresh)
            // Seats other picks on this node are taking are left to them, so concurrent picks
            // go elsewhere instead of racing for the same best seats (on the fresh read too
            // they are ignored: the refusal must not count a take that may yet fail).
            let taking = fresh ? [] : Set(reserved.keys)
            guard let picked = seatMirror?.inventory.bestAvailable(grade: grade, count: count,
                                                                   allowSplit: request.allowSplit ?? false,
                                                                   section: request.section, own: own?.seats ?? [],
                                                                   reserved: taking) else {
                if !fresh {
                    fresh = true
                    continue
                }
                let remaining = seatMirror?.inventory.remaining(own: own?.seats ?? [], reserved: []) ?? []
                return .failure(.noSeatsTogether(grade: grade, count: count, remaining: remaining))
            }
            for seat in picked { reserved[seat] = holdId }
            let outcome: Result<HoldDTO, HoldError>?
            do {
                outcome = try await take(picked, userId: userId, holdId: holdId, admittedAt: admittedAt,
                                         replacing: .some(own?.seats))
            } catch {
                unreserve(picked, holdId: holdId)
                throw error
            }
            unreserve(picked, holdId: holdId)
            if case .success = outcome { return outcome }
            guard case .failure(.unavailable(let taken))? = outcome, attempt < settings.bestAvailableAttempts else {
                return outcome
            }
            markInMirror(taken, as: .held(holdId: ""))
            fresh = false
        }
    }

    private func unreserve(_ seatIds: [String], holdId: String) {
        for seat in seatIds where reserved[seat] == holdId { reserved[seat] = nil }
    }

    /// The buyer's current hold and its seats (best-available counts them as free for them).
    private func ownHold(of userId: String) async throws -> (id: String, seats: [String])? {
        guard let holdId = try await map.holdId(of: userId) else { return nil }
        return (holdId, try await map.hold(id: holdId)?.seats ?? [])
    }

    /// What the embedded inventory refuses before looking at seat states, in its order.
    private func refusal(_ seatIds: [String]) -> HoldError? {
        if seatIds.isEmpty { return .empty }
        if Set(seatIds).count != seatIds.count { return .duplicateSeats }
        if seatIds.count > spec.maxSeatsPerOrder { return .tooManySeats(max: spec.maxSeatsPerOrder) }
        let unknown = seatIds.filter { emptyInventory.seat($0) == nil }
        return unknown.isEmpty ? nil : .unknownSeats(unknown)
    }

    /// `replacing`: the seats of the buyer's hold before this one (`.some(nil)`: none), when the
    /// caller read it; this node's copy of the map is then marked with the change, else it
    /// catches up from the stream on the next pick.
    private func take(_ seatIds: [String], userId: String, holdId: String, admittedAt: Date?,
                      replacing previous: [String]?? = nil) async throws -> Result<HoldDTO, HoldError>? {
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(TimeInterval(spec.holdSeconds))
        switch try await map.hold(id: holdId, buyer: userId, seats: seatIds, until: expiresAt, admittedAt: admittedAt) {
        case .held:
            // Marked in this node's copy (the previous hold's seats free, these held) so the
            // next pick here sees it before the stream brings it.
            if let previous {
                markInMirror((previous ?? []).filter { !seatIds.contains($0) }, as: .available)
                markInMirror(seatIds, as: .held(holdId: ""))
            } else {
                staleMirror()
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
        defer { staleMirror() }
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
        // The order is paid and durable: its seats must show sold, so a Redis busy, restarting
        // or a pool run dry right now is waited out for as long as it lasts (the sale is
        // idempotent) rather than the sale dropped. Only the node stopping ends the wait; the
        // order's `OrderPaid` event then sells it from another node (`SeatSaleConsumer`).
        var attempt = 0
        do {
            while true {
                attempt += 1
                do {
                    _ = try await map.sell(holdId: holdId, orderId: orderId)
                    break
                } catch where BackendOutage.covers(error) && !Self.poolClosed(error) {
                    logger.warning("redis sale waiting for redis", metadata: [
                        "order.id": "\(orderId)", "attempt": "\(attempt)", "error.message": "\(error)"])
                    try await Task.sleep(for: .milliseconds(min(50 << min(attempt, 10), Self.saleRetryCapMs)))
                }
            }
            staleMirror()
            try await room.complete(buyer: userId)
        } catch {
            logger.warning("redis sale not applied yet; the order's OrderPaid event applies it", metadata: [
                "hold.id": "\(holdId)", "order.id": "\(orderId)", "error.message": "\(error)"])
            throw error
        }
    }

    static let saleRetryCapMs = 2_000

    private static func poolClosed(_ error: any Error) -> Bool {
        (error as? PoolError) == .closed
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
            staleMirror()
        } catch {
            logger.error("redis failed order's hold not released", metadata: [
                "hold.id": "\(holdId)", "order.id": "\(orderId)", "error.message": "\(error)"])
        }
    }

    func applyRefunded(seatIds: [String]) async {
        _ = try? await map.unsell(seats: seatIds)
        staleMirror()
    }

    func releaseUnpaid(holdId: String, userId: String) async throws {
        _ = try await release(holdId: holdId, userId: userId)
    }

    /// This node's copy of the map, level with Redis as of at most `mirrorReuse` ago (holds
    /// without their holders).
    func inventory() async throws -> SeatInventory {
        try await syncMirror(fresh: false)
        return seatMirror?.inventory ?? emptyInventory
    }

    static func name(_ state: RedisSeatMap.SeatState?) -> String {
        switch state {
        case .held?: "held"
        case .sold?: "sold"
        case .free?, nil: "available"
        }
    }
}
