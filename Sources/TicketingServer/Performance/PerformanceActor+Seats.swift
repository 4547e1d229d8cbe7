import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

extension PerformanceActor {
    /// `hold`, only while the waiting room still counts the buyer as admitted; nil otherwise.
    /// An admission token is a signed, stateless pass until its expiry: without this check a
    /// buyer who left the line, or whose paid order ended the admission, could replay it to skip
    /// the line again. Checked on this actor so the admission cannot end between check and hold.
    func holdIfAdmitted(userId: String, request: CreateHoldRequest,
                        holdId: String) async throws -> Result<HoldDTO, HoldError>? {
        guard room.isAdmitted(userId, now: clock.now()) else { return nil }
        return try await hold(userId: userId, request: request, holdId: holdId)
    }

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
                                                   allowSplit: request.allowSplit ?? false,
                                                   section: request.section) else {
                return .failure(.noSeatsTogether(grade: grade, count: count,
                                                 remaining: seats.remaining(for: userId)))
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
