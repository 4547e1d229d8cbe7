import Foundation
import GRDB
import TicketingDomain

extension StatementRecord {
    static func from(_ row: Row) throws -> StatementRecord {
        guard let status = StatementStatus(rawValue: row["status"]) else {
            throw StorageError.corrupt("statement status \(String(describing: row["status"] as String?))")
        }
        return StatementRecord(
            id: row["id"], sellerId: row["sellerId"], period: SettlementPeriod(start: row["periodStart"], end: row["periodEnd"]),
            status: status,
            figures: SettlementFigures(gross: row["gross"], sellerCouponCost: row["sellerCouponCost"],
                                       platformCouponCost: row["platformCouponCost"], refunds: row["refunds"],
                                       platformFee: row["platformFee"]),
            closedAt: row["closedAt"], paidAt: row["paidAt"])
    }
}

extension LedgerLineRecord {
    static func from(_ row: Row) throws -> LedgerLineRecord {
        guard let kind = LedgerTransactionKind(rawValue: row["kind"]) else {
            throw StorageError.corrupt("ledger transaction kind \(String(describing: row["kind"] as String?))")
        }
        return LedgerLineRecord(entryId: row["seq"], transactionId: row["transactionId"], kind: kind,
                                orderId: row["orderId"], performanceId: row["performanceId"],
                                occurredAt: row["occurredAt"], account: row["account"], debit: row["debit"],
                                credit: row["credit"], description: row["description"])
    }
}
