import Foundation
import GRDB
import TicketingDomain

extension Storage {
    public func salesPulse(performanceId: String) async throws -> SalesPulseRecord {
        try await pool.read { db in
            let sales = try Row.fetchAll(db, sql: """
                SELECT occurredAt, ticketDelta FROM ledgerTransaction
                WHERE performanceId = ? AND ticketDelta > 0 ORDER BY occurredAt
                """, arguments: [performanceId]).map { (at: $0["occurredAt"] as Date, tickets: $0["ticketDelta"] as Int) }
            // An order that was paid stays counted as paid after a refund: the payment went through.
            let paidStates = [OrderStatus.paid, .refundProcessing, .refunded].map(\.rawValue)
            let paid = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ticketOrder WHERE performanceId = ? AND status IN (?, ?, ?)
                """, arguments: StatementArguments([performanceId] + paidStates)) ?? 0
            let failed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ticketOrder WHERE performanceId = ? AND status = ?
                """, arguments: [performanceId, OrderStatus.failed.rawValue]) ?? 0
            let coupons = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(issuedCount), 0) AS issued, COALESCE(SUM(totalQuantity - issuedCount), 0) AS left
                FROM coupon WHERE performanceId = ?
                """, arguments: [performanceId])
            return SalesPulseRecord(sales: sales, paymentsPaid: paid, paymentsFailed: failed,
                                    couponsClaimed: coupons?["issued"] ?? 0, couponsLeft: coupons?["left"] ?? 0)
        }
    }
}
