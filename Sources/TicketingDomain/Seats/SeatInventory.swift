import Foundation

/// The seats of one performance and their holds: available → held → sold, or back to available.
/// Pure and synchronous so the owning actor can decide a multi-seat hold atomically.
public struct SeatInventory: Sendable {
    public let seats: [SeatInfo]
    let index: [String: Int]
    private(set) var status: [SeatStatus]
    /// `status[i] == .available`, kept beside it: best-available tests every seat of a grade it
    /// passes, and a `Bool` is read without copying the status's holder id (the scan was ~3 % of a
    /// rush's server CPU, BENCHMARKS.md).
    private(set) var available: [Bool]
    public private(set) var holds: [String: Hold] = [:]
    private var holdOfUser: [String: String] = [:]
    private var expiries = ExpiryHeap()
    public private(set) var version = 0
    public private(set) var availableCount: Int
    public private(set) var heldCount = 0
    let layout: SeatGeometry

    public init(seats: [SeatInfo], stageCentre: (x: Double, y: Double)) {
        self.seats = seats
        var index: [String: Int] = [:]
        for (i, seat) in seats.enumerated() { index[seat.id] = i }
        self.index = index
        status = Array(repeating: .available, count: seats.count)
        available = Array(repeating: true, count: seats.count)
        availableCount = seats.count
        layout = SeatGeometry(seats: seats, stageCentre: stageCentre)
    }

    public var level: InventoryLevel { InventoryLevel(available: availableCount, held: heldCount) }

    public func status(of seatId: String) -> SeatStatus? { index[seatId].map { status[$0] } }

    /// One seat by id in O(1).
    public func seat(_ seatId: String) -> SeatInfo? { index[seatId].map { seats[$0] } }

    public func activeHold(of userId: String) -> Hold? { holdOfUser[userId].flatMap { holds[$0] } }

    /// All or nothing. The buyer's previous hold is released only when the new one succeeds,
    /// and its seats count as free for the new one.
    public mutating func hold(userId: String, seatIds: [String], holdId: String, now: Date, ttl: TimeInterval,
                              maxSeats: Int) -> Result<(Hold, SeatBatch), HoldError> {
        guard !seatIds.isEmpty else { return .failure(.empty) }
        guard Set(seatIds).count == seatIds.count else { return .failure(.duplicateSeats) }
        guard seatIds.count <= maxSeats else { return .failure(.tooManySeats(max: maxSeats)) }
        let unknown = seatIds.filter { index[$0] == nil }
        guard unknown.isEmpty else { return .failure(.unknownSeats(unknown)) }
        let previous = activeHold(of: userId)
        if previous?.orderId != nil { return .failure(.pinnedByOrder) }
        let taken = seatIds.filter { id in
            switch status[index[id]!] {
            case .available: false
            case .held(let holder): holder != previous?.id
            case .sold: true
            }
        }
        guard taken.isEmpty else { return .failure(.unavailable(taken)) }

        var changes: [String: String] = [:]
        if let previous {
            for id in previous.seatIds { set(id, .available); changes[id] = "available" }
            holds[previous.id] = nil
        }
        for id in seatIds { set(id, .held(holdId: holdId)); changes[id] = "held" }
        let amount = seatIds.reduce(0) { $0 + seats[index[$1]!].price }
        let hold = Hold(id: holdId, userId: userId, seatIds: seatIds, amount: amount,
                        expiresAt: now.addingTimeInterval(ttl))
        holds[holdId] = hold
        holdOfUser[userId] = holdId
        expiries.push(hold.expiresAt, holdId)
        return .success((hold, batch(changes)))
    }

    /// Seats for a best-available request, treating the buyer's own current hold as free;
    /// `section` keeps the pick inside one section.
    public func bestAvailable(grade: String, count: Int, for userId: String, allowSplit: Bool,
                              section: String? = nil) -> [String]? {
        layout.best(grade: grade, count: count, allowSplit: allowSplit, inSection: section, free: freeFor(userId))
            .map { $0.map { seats[$0].id } }
    }

    /// Per grade, what best-available could still give this buyer (their own hold counts as free).
    public func remaining(for userId: String) -> [GradeRemaining] {
        layout.remaining(free: freeFor(userId))
    }

    /// Seats the buyer may take: available ones and those of their own current hold.
    private func freeFor(_ userId: String) -> [Bool] {
        // Without a hold of their own (a buyer's first pick) only available seats are free.
        guard let mine = activeHold(of: userId)?.id else { return available }
        // A copy with the hold's few seats freed costs less than asking every seat passed who holds it.
        var free = available
        for id in holds[mine]?.seatIds ?? [] {
            let i = index[id]!
            if status[i] == .held(holdId: mine) { free[i] = true }
        }
        return free
    }

    public mutating func release(holdId: String, by userId: String) -> Result<SeatBatch, HoldError> {
        guard let hold = holds[holdId] else { return .failure(.unknownHold) }
        guard hold.userId == userId else { return .failure(.notYourHold) }
        guard hold.orderId == nil else { return .failure(.pinnedByOrder) }
        return .success(drop(hold))
    }

    /// Releases every unpinned hold whose time is up; the heap makes this O(expired · log n).
    public mutating func expire(now: Date) -> [(Hold, SeatBatch)] {
        var released: [(Hold, SeatBatch)] = []
        while let (time, holdId) = expiries.top, time <= now {
            expiries.pop()
            guard let hold = holds[holdId], hold.expiresAt <= now, hold.orderId == nil else { continue }
            released.append((hold, drop(hold)))
        }
        return released
    }

    public mutating func pin(holdId: String, orderId: String) -> Bool {
        guard holds[holdId] != nil else { return false }
        holds[holdId]?.orderId = orderId
        return true
    }

    /// An order whose payment failed lets its seats go at once: a failed order is final (a new
    /// try is a new order on a new hold), and keeping the seats for the rest of the hold's time
    /// kept them off sale in a rush while buyers waited for them.
    public mutating func releaseFailed(holdId: String, orderId: String) -> SeatBatch? {
        guard let hold = holds[holdId], hold.orderId == orderId else { return nil }
        return drop(hold)
    }

    /// Payment confirmed: the hold's seats become sold for good.
    public mutating func sell(holdId: String, orderId: String) -> SeatBatch? {
        guard let hold = holds.removeValue(forKey: holdId) else { return nil }
        if holdOfUser[hold.userId] == holdId { holdOfUser[hold.userId] = nil }
        var changes: [String: String] = [:]
        for id in hold.seatIds { set(id, .sold(orderId: orderId)); changes[id] = "sold" }
        return batch(changes)
    }

    /// A refund puts sold seats back on sale.
    public mutating func unsell(seatIds: [String]) -> SeatBatch? {
        var changes: [String: String] = [:]
        for id in seatIds {
            guard let i = index[id], case .sold = status[i] else { continue }
            set(id, .available)
            changes[id] = "available"
        }
        return changes.isEmpty ? nil : batch(changes)
    }

    /// Restart recovery: sold seats and live holds come back without bumping the version.
    public mutating func restore(sold: [(seatId: String, orderId: String)], holds restored: [Hold]) {
        for (seatId, orderId) in sold where index[seatId] != nil { set(seatId, .sold(orderId: orderId)) }
        for hold in restored where hold.seatIds.allSatisfy({ status(of: $0) == .available }) {
            for id in hold.seatIds { set(id, .held(holdId: hold.id)) }
            holds[hold.id] = hold
            holdOfUser[hold.userId] = hold.id
            if hold.orderId == nil { expiries.push(hold.expiresAt, hold.id) }
        }
    }

    /// A copy of states another owner decided (a node's view of a shared map): seats change
    /// state without holds, expiries or a version, and unknown ids are skipped.
    public mutating func mark(_ seatIds: some Sequence<String>, as new: SeatStatus) {
        for id in seatIds where index[id] != nil { set(id, new) }
    }

    public func snapshot() -> [SeatChange] {
        seats.indices.map { SeatChange(id: seats[$0].id, state: status[$0].name) }
    }

    private mutating func drop(_ hold: Hold) -> SeatBatch {
        holds[hold.id] = nil
        if holdOfUser[hold.userId] == hold.id { holdOfUser[hold.userId] = nil }
        var changes: [String: String] = [:]
        for id in hold.seatIds where status(of: id) == .held(holdId: hold.id) {
            set(id, .available)
            changes[id] = "available"
        }
        return batch(changes)
    }

    private mutating func set(_ id: String, _ new: SeatStatus) {
        let i = index[id]!
        switch status[i] {
        case .available: availableCount -= 1
        case .held: heldCount -= 1
        case .sold: break
        }
        switch new {
        case .available: availableCount += 1
        case .held: heldCount += 1
        case .sold: break
        }
        status[i] = new
        if case .available = new { available[i] = true } else { available[i] = false }
    }

    private mutating func batch(_ changes: [String: String]) -> SeatBatch {
        version += 1
        return SeatBatch(version: version, changes: changes.sorted { $0.key < $1.key }
            .map { SeatChange(id: $0.key, state: $0.value) })
    }
}
