import FlyingFox
import Foundation
import TicketingProtocol
import TicketingStorage

/// The buyer's tickets, the public check-in key, and what a door downloads to work offline.
struct TicketRoutes {
    let ctx: ServerContext
    let tickets: TicketService

    /// Every ticket, check-in and door-account route, registered from one place.
    static func registerAll(ctx: ServerContext, secret: [UInt8], into router: inout Router) {
        let service = TicketService(storage: ctx.storage,
                                    keyring: TicketKeyring(storage: ctx.storage, secret: secret, clock: ctx.clock))
        TicketRoutes(ctx: ctx, tickets: service).register(into: &router)
        CheckinRoutes(ctx: ctx, desk: CheckinDesk(storage: ctx.storage, tickets: service, metrics: ctx.metrics), tickets: service)
            .register(into: &router)
        DoorAccountRoutes(ctx: ctx).register(into: &router)
    }

    func register(into router: inout Router) {
        router.add(.GET, "/v1/me/tickets", mine)
        router.add(.GET, "/v1/performances/:id/checkin-key", key)
        router.add(.GET, "/v1/performances/:id/checkin-list", list)
        router.add(.GET, "/v1/seller/performances/:id/checkins", summary)
    }

    @Sendable func mine(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        return .json(.ok, TicketList(tickets: try await tickets.dtos(try await ctx.storage.tickets(userId: principal.userId))))
    }

    /// Public: anyone may check a code's signature.
    @Sendable func key(_ req: RequestContext) async throws -> HTTPResponse {
        guard let show = try await ctx.storage.performance(id: req.param("id")) else {
            throw APIFailure.notFound("performance")
        }
        let publicKey = try await tickets.publicKey(performanceId: show.id)
        return .json(.ok, CheckinKeyDTO(publicKey: Data(publicKey).base64EncodedString()))
    }

    @Sendable func list(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let scope = try await DoorScope.of(principal, storage: ctx.storage)
        let show = try await scope.performance(req.param("id"), storage: ctx.storage)
        let all = try await ctx.storage.tickets(performanceId: show.id)
        let live = all.filter { $0.revokedAt == nil }
        return .json(.ok, CheckinListDTO(
            performanceId: show.id,
            publicKey: Data(try await tickets.publicKey(performanceId: show.id)).base64EncodedString(),
            generatedAt: ctx.clock.now(),
            tickets: live.map { .init(id: $0.id, version: $0.version, seatId: $0.seatId) },
            revoked: all.filter { $0.revokedAt != nil }.map(\.id),
            checkedIn: live.compactMap { ticket in
                ticket.checkin.map { .init(id: ticket.id, checkedInAt: $0.checkedInAt, gate: $0.gate) }
            }))
    }

    /// The seller's sales screen and the door's counters: checked in out of tickets sold.
    @Sendable func summary(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let scope = try await DoorScope.of(principal, storage: ctx.storage)
        let show = try await scope.performance(req.param("id"), storage: ctx.storage)
        let counts = try await ctx.storage.checkinCounts(performanceId: show.id)
        return .json(.ok, CheckinSummaryDTO(performanceId: show.id, tickets: counts.tickets, checkedIn: counts.checkedIn,
                                            revoked: counts.revoked))
    }
}
