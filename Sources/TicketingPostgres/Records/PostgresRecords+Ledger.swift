import Foundation
import TicketingDomain
import TicketingRecords

/// The double-entry ledger on PostgreSQL, booking exactly as Sources/TicketingStorage does
/// (Storage+SettlementPosting.swift, Storage+SettlementQueries.swift, Storage+SalesPulse.swift).
///
/// SQLite's single writer keeps a booking and a close from interleaving; here many nodes book
/// at once, so a booking holds `settlement_state` FOR SHARE (bookings run side by side) and a
/// close takes it FOR UPDATE: an event is booked either before a close, into the period being
/// closed, or after it, into the next, never into a statement the close has passed by.
extension PostgresRecords: LedgerRecords {
    /// Books an `OrderPaid` or `OrderRefunded` outbox event exactly once for `consumer`: the
    /// de-dup marker, the ledger rows and the statement totals commit together; what to book is
    /// `LedgerBooking`'s decision, shared by both backends. Other event types are ignored.
    /// Returns false for an event already processed or of another type.
    public func postSettlement(_ event: OutboxEvent, consumer: String, defaultFeeRate: FeeRate,
                               at now: Date) async throws -> Bool {
        guard let booking = try SettlementEvent(event) else { return false }
        return try await processOnce(consumer: consumer, eventId: event.eventId, at: now) { connection in
            let state = try LedgerSQL.settlementState(connection, lock: "FOR SHARE")
            let postings = try booking.postings(booked: try LedgerSQL.bookedFees(connection, orderId: booking.order.orderId)) {
                try LedgerSQL.feeRate(connection, sellerId: booking.order.sellerId) ?? defaultFeeRate
            }
            for posting in postings {
                try LedgerSQL.book(connection, posting.transaction, id: posting.id, state: state, now: now)
            }
        }
    }

    /// The statement's ledger entries in booking order.
    public func ledgerLines(statementId: String) async throws -> [LedgerLineRecord] {
        try await pool.query(LedgerSQL.linesSelect + " WHERE e.statement_id = $1 ORDER BY e.seq", [statementId])
            .rows.map(LedgerSQL.line(from:))
    }

    /// Every ledger line in booking order (audits and tests).
    public func ledgerLines() async throws -> [LedgerLineRecord] {
        try await pool.query(LedgerSQL.linesSelect + " ORDER BY e.seq").rows.map(LedgerSQL.line(from:))
    }

    /// Ids of ledger transactions whose entries do not sum to zero; empty in a sound ledger.
    public func unbalancedLedgerTransactions() async throws -> [String] {
        try await pool.query("""
            SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING SUM(debit) <> SUM(credit)
            ORDER BY transaction_id COLLATE "C"
            """).rows.map { try $0.decode("transaction_id") }
    }

    /// A performance's figures to date, open and closed periods together.
    public func sales(performanceId: String) async throws -> SalesRecord {
        let row = try await pool.query("""
            SELECT COALESCE(SUM(ticket_delta), 0) AS tickets, COALESCE(SUM(gross), 0) AS gross,
                   COALESCE(SUM(seller_coupon_cost), 0) AS seller_coupon_cost,
                   COALESCE(SUM(platform_coupon_cost), 0) AS platform_coupon_cost,
                   COALESCE(SUM(refunds), 0) AS refunds, COALESCE(SUM(platform_fee), 0) AS platform_fee
            FROM ledger_transaction WHERE performance_id = $1
            """, [performanceId]).first
        guard let row else { return SalesRecord(ticketsSold: 0, figures: SettlementFigures()) }
        return SalesRecord(ticketsSold: try row.decode("tickets"), figures: try LedgerSQL.figures(row))
    }

    /// Account balances straight from the entries, so the identity in `PlatformTotals` is a
    /// real check of the books rather than of the running totals.
    public func platformTotals() async throws -> PlatformTotals {
        var balances: [String: Int] = [:]
        var owed = 0
        for row in try await pool.query("""
            SELECT account, SUM(debit) - SUM(credit) AS balance FROM ledger_entry GROUP BY account
            """).rows {
            let account: String = try row.decode("account")
            let balance: Int = try row.decode("balance")
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

    /// Tickets sold over time, payments and coupons of one performance, read in one snapshot.
    public func salesPulse(performanceId: String) async throws -> SalesPulseRecord {
        // An order that was paid stays counted as paid after a refund: the payment went through.
        let paidStates = [OrderStatus.paid, .refundProcessing, .refunded].map(\.rawValue).joined(separator: ",")
        return try await pool.transaction { connection in
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let sales = try connection.query("""
                SELECT occurred_at, ticket_delta FROM ledger_transaction
                WHERE performance_id = $1 AND ticket_delta > 0 ORDER BY occurred_at
                """, [performanceId]).rows.map { (at: try $0.decode("occurred_at", as: Date.self),
                                                 tickets: try $0.decode("ticket_delta", as: Int.self)) }
            let payments = try connection.query("""
                SELECT count(*) FILTER (WHERE status = ANY(string_to_array($2, ','))) AS paid,
                       count(*) FILTER (WHERE status = $3) AS failed
                FROM ticket_order WHERE performance_id = $1
                """, [performanceId, paidStates, OrderStatus.failed.rawValue]).first
            let coupons = try connection.query("""
                SELECT COALESCE(SUM(issued_count), 0) AS issued, COALESCE(SUM(total_quantity - issued_count), 0) AS left
                FROM coupon WHERE performance_id = $1
                """, [performanceId]).first
            return SalesPulseRecord(sales: sales, paymentsPaid: try payments?.decode("paid") ?? 0,
                                    paymentsFailed: try payments?.decode("failed") ?? 0,
                                    couponsClaimed: try coupons?.decode("issued") ?? 0,
                                    couponsLeft: try coupons?.decode("left") ?? 0)
        }
    }
}

/// The ledger's statements on one connection, inside the caller's transaction.
enum LedgerSQL {
    static func book(_ connection: isolated PostgresConnection, _ transaction: LedgerTransaction, id: String,
                     state: SettlementState, now: Date) throws {
        let period = state.calendar.landingPeriod(for: transaction.occurredAt, closedUntil: state.closedUntil)
        let statementId = StatementRecord.id(sellerId: transaction.sellerId, periodStart: period.start)
        try connection.query("""
            INSERT INTO settlement_statement (id, seller_id, period_start, period_end, status)
            VALUES ($1, $2, $3::timestamptz, $4::timestamptz, 'open') ON CONFLICT DO NOTHING
            """, [statementId, transaction.sellerId, period.start, period.end])
        let figures = transaction.figures
        try connection.query("""
            INSERT INTO ledger_transaction (id, kind, order_id, seller_id, performance_id, statement_id, occurred_at,
                posted_at, ticket_delta, gross, seller_coupon_cost, platform_coupon_cost, refunds, platform_fee)
            VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::timestamptz, $9, $10, $11, $12, $13, $14)
            """, [id, transaction.kind.rawValue, transaction.orderId, transaction.sellerId, transaction.performanceId,
                  statementId, transaction.occurredAt, now, transaction.ticketDelta, figures.gross,
                  figures.sellerCouponCost, figures.platformCouponCost, figures.refunds, figures.platformFee])
        for entry in transaction.entries {
            try connection.query("""
                INSERT INTO ledger_entry (transaction_id, statement_id, account, debit, credit, description)
                VALUES ($1, $2, $3, $4, $5, $6)
                """, [id, statementId, entry.account.code, entry.debit, entry.credit, entry.description])
        }
        try connection.query("""
            UPDATE settlement_statement SET gross = gross + $1, seller_coupon_cost = seller_coupon_cost + $2,
                platform_coupon_cost = platform_coupon_cost + $3, refunds = refunds + $4, platform_fee = platform_fee + $5
            WHERE id = $6
            """, [figures.gross, figures.sellerCouponCost, figures.platformCouponCost, figures.refunds,
                  figures.platformFee, statementId])
    }

    /// The platform fee of each transaction booked for the order, by kind.
    static func bookedFees(_ connection: isolated PostgresConnection, orderId: String) throws -> [LedgerTransactionKind: Int] {
        var fees: [LedgerTransactionKind: Int] = [:]
        for row in try connection.query("SELECT kind, platform_fee FROM ledger_transaction WHERE order_id = $1",
                                        [orderId]).rows {
            fees[try LedgerTransactionKind(stored: try row.decode("kind"))] = try row.decode("platform_fee")
        }
        return fees
    }

    /// `lock` is "" for a plain read, "FOR SHARE" for a booking, "FOR UPDATE" for a close.
    static func settlementState(_ connection: isolated PostgresConnection, lock: String = "") throws -> SettlementState {
        guard let row = try connection.query("SELECT period_seconds, closed_until FROM settlement_state WHERE id = 1 \(lock)").first,
              let calendar = SettlementCalendar(periodSeconds: try row.decode("period_seconds")) else {
            throw StorageError.corrupt("settlement state")
        }
        return SettlementState(calendar: calendar, closedUntil: try row.optional("closed_until"))
    }

    static func feeRate(_ connection: isolated PostgresConnection, sellerId: String) throws -> FeeRate? {
        try connection.query("SELECT basis_points FROM seller_fee_rate WHERE seller_id = $1", [sellerId])
            .first.flatMap { FeeRate(basisPoints: try $0.decode("basis_points")) }
    }

    static let linesSelect = """
        SELECT e.seq, e.transaction_id, e.account, e.debit, e.credit, e.description,
               t.kind, t.order_id, t.performance_id, t.occurred_at
        FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id
        """

    static func line(from row: PostgresRow) throws -> LedgerLineRecord {
        LedgerLineRecord(entryId: Int64(try row.decode("seq", as: Int.self)), transactionId: try row.decode("transaction_id"),
                         kind: try LedgerTransactionKind(stored: try row.decode("kind")), orderId: try row.decode("order_id"),
                         performanceId: try row.decode("performance_id"), occurredAt: try row.decode("occurred_at"),
                         account: try row.decode("account"), debit: try row.decode("debit"), credit: try row.decode("credit"),
                         description: try row.decode("description"))
    }

    static func figures(_ row: PostgresRow) throws -> SettlementFigures {
        SettlementFigures(gross: try row.decode("gross"), sellerCouponCost: try row.decode("seller_coupon_cost"),
                          platformCouponCost: try row.decode("platform_coupon_cost"), refunds: try row.decode("refunds"),
                          platformFee: try row.decode("platform_fee"))
    }

    static func statement(from row: PostgresRow) throws -> StatementRecord {
        let statusText: String = try row.decode("status")
        guard let status = StatementStatus(rawValue: statusText) else {
            throw StorageError.corrupt("statement status \(statusText)")
        }
        return StatementRecord(id: try row.decode("id"), sellerId: try row.decode("seller_id"),
                               period: SettlementPeriod(start: try row.decode("period_start"), end: try row.decode("period_end")),
                               status: status, figures: try figures(row), closedAt: try row.optional("closed_at"),
                               paidAt: try row.optional("paid_at"))
    }
}
