import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// The seller's side of settlement: sales per performance and statements (JSON or CSV).
/// Sellers see only their own; admins see everyone's. Buyers get 403.
struct SettlementRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.GET, "/v1/seller/performances/:id/sales", sales)
        router.add(.GET, "/v1/seller/settlements", list)
        router.add(.GET, "/v1/seller/settlements/:id", show)
    }

    @Sendable func sales(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.seller, action: "read sales")
        guard let show = try await ctx.storage.performance(id: req.param("id")) else {
            throw APIFailure.notFound("performance")
        }
        // Performances are public, so saying "not yours" reveals nothing.
        guard show.sellerId == principal.userId || principal.role == .admin else {
            throw APIFailure.forbidden("only the performance's seller may read its sales")
        }
        return .json(.ok, SalesDTO(performanceId: show.id, try await ctx.storage.sales(performanceId: show.id)))
    }

    /// A seller's statements, newest first, always with the open one of the current period
    /// (zero until something lands in it). An admin sees every seller's, or one with `?sellerId=`.
    @Sendable func list(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.seller, action: "read settlements")
        let sellerId = principal.role == .admin ? req.query("sellerId").flatMap { $0.isEmpty ? nil : $0 } : principal.userId
        var statements = try await ctx.storage.statements(sellerId: sellerId)
        if let sellerId {
            let current = try await currentStatement(sellerId: sellerId)
            if !statements.contains(where: { $0.id == current.id }) { statements.insert(current, at: 0) }
        }
        return .json(.ok, SettlementList(settlements: statements.map(SettlementSummaryDTO.init)))
    }

    /// Another seller's statement is "not found": its existence is not theirs to learn.
    @Sendable func show(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.seller, action: "read settlements")
        let id = req.param("id")
        var found = try await ctx.storage.statement(id: id)
        if found == nil, principal.role == .seller {
            let current = try await currentStatement(sellerId: principal.userId)
            if current.id == id { found = current }
        }
        guard let statement = found, statement.sellerId == principal.userId || principal.role == .admin else {
            throw APIFailure.notFound("settlement")
        }
        let lines = try await ctx.storage.ledgerLines(statementId: statement.id).map(LedgerLineDTO.init)
        if try Self.wantsCSV(req) {
            return HTTPResponse(statusCode: .ok,
                                headers: [.contentType: "text/csv; charset=utf-8",
                                          HTTPHeader("Content-Disposition"): "attachment; filename=\"\(statement.id).csv\""],
                                body: Data(StatementCSV.render(lines).utf8))
        }
        return .json(.ok, SettlementStatementDTO(summary: SettlementSummaryDTO(statement), lines: lines))
    }

    /// The statement new events would land in now.
    private func currentStatement(sellerId: String) async throws -> StatementRecord {
        let state = try await ctx.storage.settlementState()
        let period = state.calendar.landingPeriod(for: ctx.clock.now(), closedUntil: state.closedUntil)
        return StatementRecord.empty(sellerId: sellerId, period: period)
    }

    /// `format` is `json` or `csv` when given; anything else is refused rather than quietly
    /// answered as JSON to a caller who asked for something we do not make.
    static func wantsCSV(_ req: RequestContext) throws -> Bool {
        switch req.query("format") {
        case "csv": return true
        case "json": return false
        case nil: return req.header("Accept")?.lowercased().contains("text/csv") == true
        case let other?: throw APIFailure.badRequest("format must be json or csv, got '\(other)'")
        }
    }
}
