import Foundation
import GRDB
import TicketingDomain

/// A seller's statement for one period, as stored.
public struct StatementRecord: Sendable, Equatable {
    public var id: String
    public var sellerId: String
    public var period: SettlementPeriod
    public var status: StatementStatus
    public var figures: SettlementFigures
    public var closedAt: Date?
    public var paidAt: Date?

    public init(id: String, sellerId: String, period: SettlementPeriod, status: StatementStatus,
                figures: SettlementFigures, closedAt: Date? = nil, paidAt: Date? = nil) {
        self.id = id
        self.sellerId = sellerId
        self.period = period
        self.status = status
        self.figures = figures
        self.closedAt = closedAt
        self.paidAt = paidAt
    }

    /// Deterministic, so the open statement of a period with no sales yet has an id before it
    /// has a row, and two writers of the same (seller, period) can never make two statements.
    public static func id(sellerId: String, periodStart: Date) -> String {
        let seconds = Int(periodStart.timeIntervalSince1970.rounded(.down))
        return "stl_\(seconds)_\(sellerId)"
    }

    /// The zero statement of a period nothing has landed in yet.
    public static func empty(sellerId: String, period: SettlementPeriod) -> StatementRecord {
        StatementRecord(id: id(sellerId: sellerId, periodStart: period.start), sellerId: sellerId, period: period,
                        status: .open, figures: SettlementFigures())
    }

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

/// One ledger entry with the facts of its transaction, as a statement line shows it.
public struct LedgerLineRecord: Sendable, Equatable {
    public var entryId: Int64
    public var transactionId: String
    public var kind: LedgerTransactionKind
    public var orderId: String
    public var performanceId: String
    public var occurredAt: Date
    public var account: String
    public var debit: Int
    public var credit: Int
    public var description: String

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

/// A performance's figures to date, every period together.
public struct SalesRecord: Sendable, Equatable {
    public var ticketsSold: Int
    public var figures: SettlementFigures
}

/// The platform's side of the books, over all time: fees earned, what its promotions cost,
/// the cash collected and what it owes sellers. `buyerPayments + platformCouponCost
/// - platformCouponRecovered == platformFeeIncome + sellerPayouts` because the ledger balances.
public struct PlatformTotals: Sendable, Equatable {
    public var buyerPayments: Int
    public var platformFeeIncome: Int
    public var platformCouponCost: Int
    public var platformCouponRecovered: Int
    public var sellerPayouts: Int
}

/// Where settlement's clock stands: how time is cut into periods and what is closed.
public struct SettlementState: Sendable, Equatable {
    public var calendar: SettlementCalendar
    public var closedUntil: Date?
}

extension OrderEventPayload {
    /// Splits the applied discounts by who funds them.
    func settlementOrder() throws -> SettlementOrder {
        var seller = 0
        var platform = 0
        for coupon in applied {
            switch coupon.fundedBy {
            case "seller": seller += coupon.amount
            case "platform": platform += coupon.amount
            default: throw StorageError.corrupt("coupon funder '\(coupon.fundedBy)' on order \(orderId)")
            }
        }
        return SettlementOrder(orderId: orderId, sellerId: sellerId, performanceId: performanceId,
                               ticketCount: seatIds.count, subtotal: subtotal, sellerDiscount: seller,
                               platformDiscount: platform)
    }
}
