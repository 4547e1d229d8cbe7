import Foundation
import TicketingDomain
import TicketingRecords

/// Settlement's calendar, closing and statements on PostgreSQL, as Sources/TicketingStorage
/// does them (Storage+SettlementPosting.swift, Storage+SettlementQueries.swift).
extension PostgresRecords: SettlementRecords {
    /// The server writes its configured period length at start, so offline closing
    /// (`qticketd settle`) cuts time exactly as the server does.
    public func setSettlementCalendar(_ calendar: SettlementCalendar) async throws {
        try await pool.query("UPDATE settlement_state SET period_seconds = $1 WHERE id = 1", [calendar.periodSeconds])
    }

    public func settlementState() async throws -> SettlementState {
        try await pool.withConnection { try await LedgerSQL.settlementState($0) }
    }

    /// Closes every open statement whose period ended by `until` (and by `now`: a running
    /// period cannot be settled) and moves the watermark so later events land after it.
    /// Returns the statements this call closed. The state row is locked FOR UPDATE first, so
    /// bookings in flight finish before it (they hold it FOR SHARE) and later ones wait for it
    /// and land past the new watermark; two closes on two nodes run one after the other.
    public func closeSettlements(until: Date, now: Date) async throws -> [StatementRecord] {
        try await pool.transaction { connection in
            let state = try LedgerSQL.settlementState(connection, lock: "FOR UPDATE")
            let boundary = state.calendar.closingBoundary(until: until, now: now, current: state.closedUntil)
            try connection.query("UPDATE settlement_state SET closed_until = $1::timestamptz WHERE id = 1", [boundary])
            let closing = try connection.query("""
                SELECT id FROM settlement_statement WHERE status = 'open' AND period_end <= $1::timestamptz
                ORDER BY period_start, seller_id COLLATE "C"
                """, [boundary]).rows.map { try $0.decode("id", as: String.self) }
            var closed: [StatementRecord] = []
            for id in closing {
                let row = try connection.query("""
                    UPDATE settlement_statement SET status = 'closed', closed_at = $1::timestamptz WHERE id = $2
                    RETURNING *
                    """, [now, id]).first
                if let row { closed.append(try LedgerSQL.statement(from: row)) }
            }
            return closed
        }
    }

    /// closed → paid once the payout has been sent. nil when the statement is not closed
    /// (still open, already paid, or unknown): the caller reads it to say which.
    public func markStatementPaid(id: String, at now: Date) async throws -> StatementRecord? {
        try await pool.query("""
            UPDATE settlement_statement SET status = 'paid', paid_at = $1::timestamptz WHERE id = $2 AND status = 'closed'
            RETURNING *
            """, [now, id]).first.map(LedgerSQL.statement(from:))
    }

    /// Applies to orders paid from now on; a refund always reverses the fee its order was charged.
    public func setSellerFeeRate(sellerId: String, rate: FeeRate, at now: Date) async throws {
        try await pool.query("""
            INSERT INTO seller_fee_rate (seller_id, basis_points, updated_at) VALUES ($1, $2, $3::timestamptz)
            ON CONFLICT (seller_id) DO UPDATE SET basis_points = excluded.basis_points, updated_at = excluded.updated_at
            """, [sellerId, rate.basisPoints, now])
    }

    /// nil when the seller has no rate of its own (the server's default applies).
    public func sellerFeeRate(sellerId: String) async throws -> FeeRate? {
        try await pool.withConnection { try await LedgerSQL.feeRate($0, sellerId: sellerId) }
    }

    /// Newest period first; every seller's when `sellerId` is nil.
    public func statements(sellerId: String?) async throws -> [StatementRecord] {
        let order = #" ORDER BY period_start DESC, seller_id COLLATE "C""#
        let rows = if let sellerId {
            try await pool.query("SELECT * FROM settlement_statement WHERE seller_id = $1" + order, [sellerId])
        } else {
            try await pool.query("SELECT * FROM settlement_statement" + order)
        }
        return try rows.rows.map(LedgerSQL.statement(from:))
    }

    public func statement(id: String) async throws -> StatementRecord? {
        try await pool.query("SELECT * FROM settlement_statement WHERE id = $1", [id]).first.map(LedgerSQL.statement(from:))
    }
}
