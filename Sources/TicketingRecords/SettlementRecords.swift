import Foundation
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


    public init(entryId: Int64, transactionId: String, kind: LedgerTransactionKind, orderId: String, performanceId: String, occurredAt: Date, account: String, debit: Int, credit: Int, description: String) {
        self.entryId = entryId
        self.transactionId = transactionId
        self.kind = kind
        self.orderId = orderId
        self.performanceId = performanceId
        self.occurredAt = occurredAt
        self.account = account
        self.debit = debit
        self.credit = credit
        self.description = description
    }
}

/// A performance's figures to date, every period together.
public struct SalesRecord: Sendable, Equatable {
    public var ticketsSold: Int
    public var figures: SettlementFigures

    public init(ticketsSold: Int, figures: SettlementFigures) {
        self.ticketsSold = ticketsSold
        self.figures = figures
    }
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

    public init(buyerPayments: Int, platformFeeIncome: Int, platformCouponCost: Int, platformCouponRecovered: Int, sellerPayouts: Int) {
        self.buyerPayments = buyerPayments
        self.platformFeeIncome = platformFeeIncome
        self.platformCouponCost = platformCouponCost
        self.platformCouponRecovered = platformCouponRecovered
        self.sellerPayouts = sellerPayouts
    }
}

/// Where settlement's clock stands: how time is cut into periods and what is closed.
public struct SettlementState: Sendable, Equatable {
    public var calendar: SettlementCalendar
    public var closedUntil: Date?

    public init(calendar: SettlementCalendar, closedUntil: Date?) {
        self.calendar = calendar
        self.closedUntil = closedUntil
    }
}

extension OrderEventPayload {
    /// Splits the applied discounts by who funds them.
    public func settlementOrder() throws -> SettlementOrder {
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
