import Foundation
import GRDB
import TicketingDomain

/// Read side of settlement: statements, their ledger lines, sales per performance and the
/// platform's totals.
extension Storage {
    public func settlementState() async throws -> SettlementState {
        try await pool.read { db in try Self.settlementState(db) }
    }

    /// nil when the seller has no rate of its own (the server's default applies).
    public func sellerFeeRate(sellerId: String) async throws -> FeeRate? {
        try readNow { db in try Self.feeRate(db, sellerId: sellerId) }
    }

    /// Newest period first; every seller's when `sellerId` is nil.
    public func statements(sellerId: String?) async throws -> [StatementRecord] {
        try await pool.read { db in
            let order = " ORDER BY periodStart DESC, sellerId"
            let rows = if let sellerId {
                try Row.fetchAll(db, sql: "SELECT * FROM settlementStatement WHERE sellerId = ?" + order,
                                 arguments: [sellerId])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM settlementStatement" + order)
            }
            return try rows.map(StatementRecord.from)
        }
    }

    public func statement(id: String) async throws -> StatementRecord? {
        try readNow { db in
            try db.row(sql: "SELECT * FROM settlementStatement WHERE id = ?", arguments: [id])
                .map(StatementRecord.from)
        }
    }

    /// The statement's ledger entries in booking order.
    public func ledgerLines(statementId: String) async throws -> [LedgerLineRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.seq, e.transactionId, e.account, e.debit, e.credit, e.description,
                       t.kind, t.orderId, t.performanceId, t.occurredAt
                FROM ledgerEntry e JOIN ledgerTransaction t ON t.id = e.transactionId
                WHERE e.statementId = ? ORDER BY e.seq
                """, arguments: [statementId]).map(LedgerLineRecord.from)
        }
    }

    /// Every ledger line in booking order (audits and tests).
    public func ledgerLines() async throws -> [LedgerLineRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.seq, e.transactionId, e.account, e.debit, e.credit, e.description,
                       t.kind, t.orderId, t.performanceId, t.occurredAt
                FROM ledgerEntry e JOIN ledgerTransaction t ON t.id = e.transactionId ORDER BY e.seq
                """).map(LedgerLineRecord.from)
        }
    }

    /// A performance's figures to date, open and closed periods together.
    public func sales(performanceId: String) async throws -> SalesRecord {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(ticketDelta), 0) AS tickets, COALESCE(SUM(gross), 0) AS gross,
                       COALESCE(SUM(sellerCouponCost), 0) AS sellerCouponCost,
                       COALESCE(SUM(platformCouponCost), 0) AS platformCouponCost,
                       COALESCE(SUM(refunds), 0) AS refunds, COALESCE(SUM(platformFee), 0) AS platformFee
                FROM ledgerTransaction WHERE performanceId = ?
                """, arguments: [performanceId])
            guard let row else { return SalesRecord(ticketsSold: 0, figures: SettlementFigures()) }
            return SalesRecord(ticketsSold: row["tickets"],
                               figures: SettlementFigures(gross: row["gross"], sellerCouponCost: row["sellerCouponCost"],
                                                          platformCouponCost: row["platformCouponCost"],
                                                          refunds: row["refunds"], platformFee: row["platformFee"]))
        }
    }

    /// Account balances straight from the entries, so the identity in `PlatformTotals` is a
    /// real check of the books rather than of the running totals.
    public func platformTotals() async throws -> PlatformTotals {
        try await pool.read { db in
            var balances: [String: Int] = [:]
            var owed = 0
            for row in try Row.fetchAll(db, sql: "SELECT account, SUM(debit) - SUM(credit) AS balance FROM ledgerEntry GROUP BY account") {
                let account: String = row["account"]
                let balance: Int = row["balance"]
                balances[account] = balance
                switch LedgerAccount(code: account) {
                case .sellerRevenue, .sellerCouponCost, .sellerPlatformFee, .sellerRefunds: owed -= balance
                default: break
                }
            }
            return PlatformTotals(buyerPayments: balances[LedgerAccount.buyerPayments.code] ?? 0,
                                  platformFeeIncome: -(balances[LedgerAccount.platformFeeIncome.code] ?? 0),
                                  platformCouponCost: balances[LedgerAccount.platformCouponCost.code] ?? 0,
                                  platformCouponRecovered: -(balances[LedgerAccount.platformCouponRecovered.code] ?? 0),
                                  sellerPayouts: owed)
        }
    }

    /// Ids of ledger transactions whose entries do not sum to zero; empty in a sound ledger.
    public func unbalancedLedgerTransactions() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT transactionId FROM ledgerEntry GROUP BY transactionId HAVING SUM(debit) <> SUM(credit)
                """)
        }
    }
}
