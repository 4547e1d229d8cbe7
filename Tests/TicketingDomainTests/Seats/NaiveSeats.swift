import Foundation
@testable import TicketingDomain

/// Seat states and holds as plain dictionaries, for the property test to run beside
/// `SeatInventory`: every operation says what it must return and keeps a version count.
struct NaiveSeats {
    let prices: [String: Int]
    var status: [String: SeatStatus]
    var holds: [String: Hold] = [:]
    var version = 0

    init(_ seats: [SeatInfo]) {
        prices = Dictionary(uniqueKeysWithValues: seats.map { ($0.id, $0.price) })
        status = Dictionary(uniqueKeysWithValues: seats.map { ($0.id, .available) })
    }

    func holdOf(_ userId: String) -> Hold? { holds.values.first { $0.userId == userId } }

    mutating func hold(userId: String, seatIds: [String], holdId: String, now: Date, ttl: TimeInterval,
                       maxSeats: Int) -> Result<(Hold, SeatBatch), HoldError> {
        if seatIds.isEmpty { return .failure(.empty) }
        if Set(seatIds).count != seatIds.count { return .failure(.duplicateSeats) }
        if seatIds.count > maxSeats { return .failure(.tooManySeats(max: maxSeats)) }
        let unknown = seatIds.filter { status[$0] == nil }
        if !unknown.isEmpty { return .failure(.unknownSeats(unknown)) }
        let previous = holdOf(userId)
        if previous?.orderId != nil { return .failure(.pinnedByOrder) }
        let mine: SeatStatus? = previous.map { .held(holdId: $0.id) }
        let taken = seatIds.filter { status[$0] != .available && status[$0] != mine }
        if !taken.isEmpty { return .failure(.unavailable(taken)) }
        var changes: [String: String] = [:]
        if let previous {
            holds[previous.id] = nil
            for id in previous.seatIds { status[id] = .available; changes[id] = "available" }
        }
        for id in seatIds { status[id] = .held(holdId: holdId); changes[id] = "held" }
        let hold = Hold(id: holdId, userId: userId, seatIds: seatIds, amount: seatIds.reduce(0) { $0 + prices[$1]! },
                        expiresAt: now.addingTimeInterval(ttl))
        holds[holdId] = hold
        return .success((hold, batch(changes)))
    }

    mutating func release(holdId: String, by userId: String) -> Result<SeatBatch, HoldError> {
        guard let hold = holds[holdId] else { return .failure(.unknownHold) }
        if hold.userId != userId { return .failure(.notYourHold) }
        if hold.orderId != nil { return .failure(.pinnedByOrder) }
        return .success(drop(hold))
    }

    /// The holds `expire(now:)` must release (its order is checked separately).
    func due(now: Date) -> Set<String> {
        Set(holds.values.filter { $0.expiresAt <= now && $0.orderId == nil }.map(\.id))
    }

    mutating func drop(_ hold: Hold) -> SeatBatch {
        holds[hold.id] = nil
        for id in hold.seatIds { status[id] = .available }
        return batch(Dictionary(uniqueKeysWithValues: hold.seatIds.map { ($0, "available") }))
    }

    mutating func sell(holdId: String, orderId: String) -> SeatBatch? {
        guard let hold = holds.removeValue(forKey: holdId) else { return nil }
        for id in hold.seatIds { status[id] = .sold(orderId: orderId) }
        return batch(Dictionary(uniqueKeysWithValues: hold.seatIds.map { ($0, "sold") }))
    }

    mutating func unsell(seatIds: [String]) -> SeatBatch? {
        var changes: [String: String] = [:]
        for id in seatIds {
            guard case .sold = status[id] else { continue }
            status[id] = .available
            changes[id] = "available"
        }
        return changes.isEmpty ? nil : batch(changes)
    }

    mutating func batch(_ changes: [String: String]) -> SeatBatch {
        version += 1
        return SeatBatch(version: version, changes: changes.sorted { $0.key < $1.key }
            .map { SeatChange(id: $0.key, state: $0.value) })
    }
}
