import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol

/// Seat holds for admitted buyers (`X-Admission-Token`), and the live seat list.
struct HoldRoutes {
    let ctx: ServerContext
    let states: any PerformanceStates
    let tokens: AdmissionTokens

    func register(into router: inout Router) {
        router.add(.POST, "/v1/performances/:id/holds", create)
        router.add(.DELETE, "/v1/holds/:holdId", release)
    }

    @Sendable func create(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let performanceId = req.param("id")
        guard let performance = try await states.state(for: performanceId) else { throw APIFailure.notFound("performance") }
        let admissionRequired = APIFailure(.forbidden, .admissionRequired,
            "a valid admission token for this performance is required (X-Admission-Token); join the waiting room")
        guard tokens.isValid(req.header("X-Admission-Token"), performanceId: performanceId,
                             userId: principal.userId, now: ctx.clock.now()) else { throw admissionRequired }
        let body = try await req.decode(CreateHoldRequest.self)
        guard let outcome = try await performance.holdIfAdmitted(userId: principal.userId, request: body,
                                                                 holdId: IDs.make("hld")) else {
            // A genuine token whose admission has ended (left the line, order paid): a replay.
            throw admissionRequired
        }
        switch outcome {
        case .success(let hold):
            return .json(.created, hold)
        case .failure(let error):
            throw Self.failure(error)
        }
    }

    @Sendable func release(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let holdId = req.param("holdId")
        guard let performanceId = try await states.holdPerformance(holdId: holdId),
              let performance = try await states.state(for: performanceId) else { throw APIFailure.notFound("hold") }
        switch try await performance.release(holdId: holdId, userId: principal.userId) {
        case .success:
            return .noContent()
        case .failure(.unknownHold):
            throw APIFailure.holdGone
        case .failure(let error):
            throw Self.failure(error)
        }
    }

    static func failure(_ error: HoldError) -> APIFailure {
        switch error {
        case .empty:
            return .badRequest("send {\"seatIds\": [...]} or {\"grade\": \"R\", \"count\": 2}")
        case .duplicateSeats:
            return .badRequest("a seat is listed twice")
        case .unknownSeats(let ids):
            return APIFailure(.badRequest, .badRequest, "no such seats in this performance: \(ids.joined(separator: ", "))",
                              unavailable: ids)
        case .unavailable(let ids):
            return APIFailure(.conflict, .seatUnavailable, "some seats are already taken", unavailable: ids)
        case .tooManySeats(let max):
            return .unprocessable(.tooManySeats, "at most \(max) seats per order")
        case .noSeatsTogether(let grade, let count, let remaining):
            let left = remaining.first { $0.grade == grade }
            var failure = APIFailure(.conflict, .seatUnavailable,
                                     "no \(count) seats together are available in grade \(grade)"
                                        + " (\(left?.free ?? 0) free, at most \(left?.largestRun ?? 0) together)",
                                     unavailable: [])
            failure.body.remaining = remaining.map {
                GradeRemainingDTO(grade: $0.grade, free: $0.free, largestRun: $0.largestRun)
            }
            return failure
        case .unknownHold:
            return .notFound("hold")
        case .notYourHold:
            return .forbidden("this hold belongs to another buyer")
        case .pinnedByOrder:
            return APIFailure(.conflict, .orderState, "the hold belongs to an order awaiting payment")
        }
    }
}
