import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// The platform's side of settlement, for admins: close periods, record payouts, set fee
/// rates and read the platform's totals.
struct AdminSettlementRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.POST, "/v1/admin/settlements/close", close)
        router.add(.POST, "/v1/admin/settlements/:id/pay", pay)
        router.add(.GET, "/v1/admin/platform", platform)
        router.add(.PUT, "/v1/admin/sellers/:id/fee-rate", setFeeRate)
    }

    @Sendable func close(_ req: RequestContext) async throws -> HTTPResponse {
        try requireAdmin(req, action: "close settlement periods")
        let body = try await req.decode(CloseSettlementsRequest.self)
        let now = ctx.clock.now()
        let closed = try await ctx.storage.closeSettlements(until: body.until, now: now)
        let state = try await ctx.storage.settlementState()
        return .json(.ok, CloseSettlementsResponse(closed: closed.map(SettlementSummaryDTO.init),
                                                   closedUntil: state.closedUntil ?? body.until))
    }

    /// Records that a closed statement's payout was sent (repeating it answers the same).
    @Sendable func pay(_ req: RequestContext) async throws -> HTTPResponse {
        try requireAdmin(req, action: "record settlement payouts")
        try await req.requireEmptyOrObject()
        let id = req.param("id")
        if let paid = try await ctx.storage.markStatementPaid(id: id, at: ctx.clock.now()) {
            return .json(.ok, SettlementSummaryDTO(paid))
        }
        guard let statement = try await ctx.storage.statement(id: id) else { throw APIFailure.notFound("settlement") }
        guard statement.status == .paid else {
            throw APIFailure.conflict(.settlementState, "only a closed statement can be paid; this one is \(statement.status.rawValue)")
        }
        return .json(.ok, SettlementSummaryDTO(statement))
    }

    @Sendable func platform(_ req: RequestContext) async throws -> HTTPResponse {
        try requireAdmin(req, action: "read the platform's totals")
        let totals = try await ctx.storage.platformTotals()
        let unbalanced = try await ctx.storage.unbalancedLedgerTransactions().count
        return .json(.ok, PlatformTotalsDTO(totals, unbalanced: unbalanced))
    }

    @Sendable func setFeeRate(_ req: RequestContext) async throws -> HTTPResponse {
        try requireAdmin(req, action: "set fee rates")
        let body = try await req.decode(FeeRateRequest.self)
        guard let rate = FeeRate(basisPoints: body.basisPoints) else {
            throw APIFailure.badRequest("basisPoints must be 0…\(FeeRate.maxBasisPoints)")
        }
        guard let seller = try await ctx.storage.user(id: req.param("id")), seller.role == .seller else {
            throw APIFailure.notFound("seller")
        }
        try await ctx.storage.setSellerFeeRate(sellerId: seller.id, rate: rate, at: ctx.clock.now())
        return .json(.ok, FeeRateDTO(sellerId: seller.id, basisPoints: rate.basisPoints))
    }

    private func requireAdmin(_ req: RequestContext, action: String) throws {
        try ctx.auth.principal(req).require(.admin, action: action)
    }
}
