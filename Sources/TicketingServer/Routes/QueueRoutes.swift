import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol

/// Waiting room: join, my status, leave, public stats.
struct QueueRoutes {
    let ctx: ServerContext
    let states: any PerformanceStates

    func register(into router: inout Router) {
        router.add(.POST, "/v1/performances/:id/queue", join)
        router.add(.GET, "/v1/performances/:id/queue/me", me)
        router.add(.DELETE, "/v1/performances/:id/queue/me", leave)
        router.add(.GET, "/v1/performances/:id/queue", stats)
    }

    @Sendable func join(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.buyer, action: "join waiting rooms")
        try await ctx.limiter.check(principal.userId, limit: .perUserJoin, address: req.clientAddress, limit: .perAddressJoin)
        try await req.requireEmptyOrObject()
        let performance = try await actor(req)
        return .json(.ok, try await performance.join(userId: principal.userId))
    }

    @Sendable func me(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        guard let status = try await actor(req).status(userId: principal.userId) else {
            throw APIFailure.notFound("place in this waiting room")
        }
        return .json(.ok, status)
    }

    @Sendable func leave(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        guard try await actor(req).leave(userId: principal.userId) else {
            throw APIFailure.notFound("place in this waiting room")
        }
        return .noContent()
    }

    @Sendable func stats(_ req: RequestContext) async throws -> HTTPResponse {
        .json(.ok, try await actor(req).stats())
    }

    private func actor(_ req: RequestContext) async throws -> any WaitingLine {
        guard let line = try await states.state(for: req.param("id")) else { throw APIFailure.notFound("performance") }
        return line
    }
}
