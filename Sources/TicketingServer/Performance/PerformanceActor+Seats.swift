import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

extension PerformanceActor {
    /// All-or-nothing hold of explicit seats or of the best `count` together in a grade.
    func hold(userId: String, request: CreateHoldRequest, holdId: String) async throws -> Result<HoldDTO, HoldError> {
        let now = clock.now()
        let seatIds: [String]
        if let explicit = request.seatIds {
            seatIds = explicit
        } else if let grade = request.grade, let count = request.count {
            guard count >= 1, count <= spec.maxSeatsPerOrder else {
                return .failure(.tooManySeats(max: spec.maxSeatsPerOrder))
            }
            guard let picked = seats.bestAvailable(grade: grade, count: count, for: userId,
                                                   allowSplit: request.allowSplit ?? false) else {
                return .failure(.noSeatsTogether(grade: grade, count: count))
            }
            seatIds = picked
        } else {
            return .failure(.empty)
        }
        let previous = seats.activeHold(of: userId)
        switch seats.hold(userId: userId, seatIds: seatIds, holdId: holdId, now: now,
                          ttl: TimeInterval(spec.holdSeconds), maxSeats: spec.maxSeatsPerOrder) {
        case .failure(let error):
            return .failure(error)
        case .success(let (hold, batch)):
            if let previous { record([.holdClosed(holdId: previous.id, status: "replaced")]) }
            record([.holdCreated(hold)])
            push(batch)
            queueDirty = true
            try await awaitDurable()
            return .success(HoldDTO(holdId: hold.id, performanceId: id, seatIds: hold.seatIds,
                                    amount: hold.amount, expiresAt: hold.expiresAt))
        }
    }

    func release(holdId: String, userId: String) async throws -> Result<Void, HoldError> {
        switch seats.release(holdId: holdId, by: userId) {
        case .failure(let error):
            return .failure(error)
        case .success(let batch):
            record([.holdClosed(holdId: holdId, status: "released")])
            push(batch)
            queueDirty = true
            try await awaitDurable()
            return .success(())
        }
    }

    func activeHold(holdId: String) -> Hold? { seats.holds[holdId] }

    func seatStates() -> (version: Int, seats: [SeatChange]) { (seats.version, seats.snapshot()) }

    var seatInfos: [SeatInfo] { seats.seats }
}
