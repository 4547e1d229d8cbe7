import FlyingFox
import Foundation
import TicketingProtocol
import TicketingStorage

/// `POST /v1/checkins` (one scan, online) and `POST /v1/checkins/batch` (scans made offline).
struct CheckinRoutes {
    let ctx: ServerContext
    let desk: CheckinDesk
    let tickets: TicketService

    static let maxBatch = 1_000

    func register(into router: inout Router) {
        router.add(.POST, "/v1/checkins", checkIn)
        router.add(.POST, "/v1/checkins/batch", batch)
    }

    @Sendable func checkIn(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let scope = try await DoorScope.of(principal, storage: ctx.storage)
        let body = try await req.decode(CheckinRequest.self)
        let gate = try Self.gate(body.gate)
        let now = ctx.clock.now()
        switch try await desk.scan(body.code, gate: gate, at: now, offline: false, by: principal.userId, scope: scope,
                                   now: now) {
        case .admitted(let ticket, let checkin):
            return .json(.ok, CheckinDTO(ticket: try await tickets.dto(ticket), checkedInAt: checkin.checkedInAt,
                                         gate: checkin.gate))
        case .duplicate(_, let first), .alreadyCheckedIn(_, let first):
            var failure = APIFailure.conflict(.alreadyCheckedIn, "this ticket has already been checked in")
            failure.body.checkedInAt = first.checkedInAt
            failure.body.gate = first.gate
            throw failure
        case .revoked:
            throw APIFailure(HTTPStatusCode(410, phrase: "Gone"), .ticketRevoked, "this ticket was revoked (refunded)")
        case .invalid(let why):
            throw APIFailure.unprocessable(.invalidTicketCode, why)
        case .forbidden:
            throw APIFailure.forbidden("only the performance's seller or its door accounts may check its tickets in")
        }
    }

    /// Each scan is decided alone and answered in order; a conflict never fails the batch, so a
    /// door can upload everything it has and learn what happened to each code.
    @Sendable func batch(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let scope = try await DoorScope.of(principal, storage: ctx.storage)
        let body = try await req.decode(CheckinBatchRequest.self)
        guard body.checkins.count <= Self.maxBatch else {
            throw APIFailure.badRequest("at most \(Self.maxBatch) check-ins per batch")
        }
        let now = ctx.clock.now()
        var results: [CheckinBatchResponse.Result] = []
        for item in body.checkins {
            let gate = try Self.gate(item.gate)
            let result = try await desk.scan(item.code, gate: gate, at: item.checkedInAt, offline: true,
                                             by: principal.userId, scope: scope, now: now)
            switch result {
            case .admitted(let ticket, let checkin):
                results.append(.init(code: item.code, outcome: .accepted, ticketId: ticket.id,
                                     checkedInAt: checkin.checkedInAt, gate: checkin.gate))
            case .duplicate(let ticket, let checkin):
                results.append(.init(code: item.code, outcome: .duplicate, ticketId: ticket.id,
                                     checkedInAt: checkin.checkedInAt, gate: checkin.gate))
            case .alreadyCheckedIn(let ticket, let first):
                results.append(.init(code: item.code, outcome: .alreadyCheckedIn, ticketId: ticket.id,
                                     checkedInAt: first.checkedInAt, gate: first.gate))
            case .revoked(let ticket):
                results.append(.init(code: item.code, outcome: .ticketRevoked, ticketId: ticket.id))
            case .invalid:
                results.append(.init(code: item.code, outcome: .invalidTicketCode))
            case .forbidden:
                results.append(.init(code: item.code, outcome: .forbidden))
            }
        }
        return .json(.ok, CheckinBatchResponse(results: results))
    }

    static func gate(_ gate: String?) throws -> String? {
        guard let gate = gate?.trimmingCharacters(in: .whitespacesAndNewlines), !gate.isEmpty else { return nil }
        guard gate.count <= CheckinDesk.maxGateLength else {
            throw APIFailure.badRequest("gate must be at most \(CheckinDesk.maxGateLength) characters")
        }
        return gate
    }
}
