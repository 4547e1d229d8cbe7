import Foundation
import GRDB
import TicketingDomain

/// The named transactions of settlement: booking an order event into the ledger and closing
/// periods. Both take the write lock, so a close and a booking never interleave: an event is
/// booked either before the close (into the period being closed) or after it (into the next).
extension Storage {
    /// Books an `OrderPaid` or `OrderRefunded` outbox event exactly once for `consumer`: the
    /// de-dup marker, the ledger rows and the statement totals commit together; what to book is
    /// `LedgerBooking`'s decision, shared by both backends. Other event types are ignored.
    /// Returns false for an event already processed or of another type.
    public func postSettlement(_ event: OutboxEvent, consumer: String, defaultFeeRate: FeeRate,
                               at now: Date) async throws -> Bool {
        guard let booking = try SettlementEvent(event) else { return false }
        return try await processOnce(consumer: consumer, eventId: event.eventId, at: now) { db in
            let state = try Self.settlementState(db)
            let postings = try booking.postings(booked: try Self.bookedFees(db, orderId: booking.order.orderId)) {
                try Self.feeRate(db, sellerId: booking.order.sellerId) ?? defaultFeeRate
            }
            for posting in postings {
                try Self.book(db, posting.transaction, id: posting.id, state: state, now: now)
            }
        }
    }

    /// Closes every open statement whose period ended by `until` (and by `now`: a running
    /// period cannot be settled) and moves the watermark so later events land after it.
    /// Returns the statements this call closed.
    public func closeSettlements(until: Date, now: Date) async throws -> [StatementRecord] {
        try await writeDurably { db in
            let state = try Self.settlementState(db)
            let boundary = state.calendar.closingBoundary(until: until, now: now, current: state.closedUntil)
            try db.run(sql: "UPDATE settlementState SET closedUntil = ? WHERE id = 1", arguments: [boundary])
            let closing = try db.values(String.self, sql: """
                SELECT id FROM settlementStatement WHERE status = 'open' AND periodEnd <= ?
                ORDER BY periodStart, sellerId
                """, arguments: [boundary])
            var closed: [StatementRecord] = []
            for id in closing {
                try db.run(sql: "UPDATE settlementStatement SET status = 'closed', closedAt = ? WHERE id = ?",
                               arguments: [now, id])
                if let row = try db.row(sql: "SELECT * FROM settlementStatement WHERE id = ?", arguments: [id]) {
                    closed.append(try StatementRecord.from(row))
                }
            }
            return closed
        }
    }

    /// closed → paid once the payout has been sent. nil when the statement is not closed
    /// (still open, already paid, or unknown): the caller reads it to say which.
    public func markStatementPaid(id: String, at now: Date) async throws -> StatementRecord? {
        try await writeDurably { db in
            try db.run(sql: "UPDATE settlementStatement SET status = 'paid', paidAt = ? WHERE id = ? AND status = 'closed'",
                           arguments: [now, id])
            guard db.changesCount == 1 else { return nil }
            return try db.row(sql: "SELECT * FROM settlementStatement WHERE id = ?", arguments: [id])
                .map(StatementRecord.from)
        }
    }

    /// The server writes its configured period length at start, so offline closing
    /// (`qticketd settle`) cuts time exactly as the server does.
    public func setSettlementCalendar(_ calendar: SettlementCalendar) async throws {
        try await write { db in
            try db.run(sql: "UPDATE settlementState SET periodSeconds = ? WHERE id = 1",
                           arguments: [calendar.periodSeconds])
        }
    }

    /// Applies to orders paid from now on; a refund always reverses the fee its order was charged.
    public func setSellerFeeRate(sellerId: String, rate: FeeRate, at now: Date) async throws {
        try await write { db in
            try db.run(sql: """
                INSERT INTO sellerFeeRate (sellerId, basisPoints, updatedAt) VALUES (?, ?, ?)
                ON CONFLICT(sellerId) DO UPDATE SET basisPoints = excluded.basisPoints, updatedAt = excluded.updatedAt
                """, arguments: [sellerId, rate.basisPoints, now])
        }
    }

    private static func book(_ db: Database, _ transaction: LedgerTransaction, id: String, state: SettlementState,
                             now: Date) throws {
        let period = state.calendar.landingPeriod(for: transaction.occurredAt, closedUntil: state.closedUntil)
        let statementId = StatementRecord.id(sellerId: transaction.sellerId, periodStart: period.start)
        let figures = transaction.figures
        // The statement is made on its first booking and its totals move with every booking, in
        // one statement (an update of a closed one is refused by `settlementStatement_frozen`).
        try db.run(sql: """
            INSERT INTO settlementStatement (id, sellerId, periodStart, periodEnd, status,
                gross, sellerCouponCost, platformCouponCost, refunds, platformFee)
            VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET gross = gross + excluded.gross,
                sellerCouponCost = sellerCouponCost + excluded.sellerCouponCost,
                platformCouponCost = platformCouponCost + excluded.platformCouponCost,
                refunds = refunds + excluded.refunds, platformFee = platformFee + excluded.platformFee
            """, arguments: [statementId, transaction.sellerId, period.start.storedText, period.end.storedText,
                             figures.gross, figures.sellerCouponCost, figures.platformCouponCost, figures.refunds,
                             figures.platformFee])
        try db.run(sql: """
            INSERT INTO ledgerTransaction (id, kind, orderId, sellerId, performanceId, statementId, occurredAt, postedAt,
                ticketDelta, gross, sellerCouponCost, platformCouponCost, refunds, platformFee)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, transaction.kind.rawValue, transaction.orderId, transaction.sellerId,
                             transaction.performanceId, statementId, transaction.occurredAt.storedText, now.storedText,
                             transaction.ticketDelta, figures.gross, figures.sellerCouponCost,
                             figures.platformCouponCost, figures.refunds, figures.platformFee])
        // One statement for all the transaction's entries.
        if !transaction.entries.isEmpty {
            let values: [any DatabaseValueConvertible & Sendable] = transaction.entries.flatMap { entry in
                [id, statementId, entry.account.code, entry.debit, entry.credit, entry.description]
                    as [any DatabaseValueConvertible & Sendable]
            }
            try db.run(sql: "INSERT INTO ledgerEntry (transactionId, statementId, account, debit, credit, description) "
                           + "VALUES " + rowMarks(6, count: transaction.entries.count),
                       arguments: StatementArguments(values))
        }
    }

    /// The platform fee of each transaction booked for the order, by kind.
    private static func bookedFees(_ db: Database, orderId: String) throws -> [LedgerTransactionKind: Int] {
        var fees: [LedgerTransactionKind: Int] = [:]
        for row in try db.rows(sql: "SELECT kind, platformFee FROM ledgerTransaction WHERE orderId = ?",
                               arguments: [orderId]) {
            fees[try LedgerTransactionKind(stored: row["kind"])] = row["platformFee"]
        }
        return fees
    }

    static func settlementState(_ db: Database) throws -> SettlementState {
        guard let row = try db.row(sql: "SELECT * FROM settlementState WHERE id = 1"),
              let calendar = SettlementCalendar(periodSeconds: row["periodSeconds"]) else {
            throw StorageError.corrupt("settlement state")
        }
        return SettlementState(calendar: calendar, closedUntil: row["closedUntil"])
    }

    static func feeRate(_ db: Database, sellerId: String) throws -> FeeRate? {
        try db.value(Int.self, sql: "SELECT basisPoints FROM sellerFeeRate WHERE sellerId = ?", arguments: [sellerId])
            .flatMap(FeeRate.init(basisPoints:))
    }
}
