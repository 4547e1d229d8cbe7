import TicketingDomain
import TicketingProtocol
import TicketingStorage

extension SettlementSummaryDTO {
    init(_ record: StatementRecord) {
        let figures = record.figures
        self.init(id: record.id, sellerId: record.sellerId, periodStart: record.period.start,
                  periodEnd: record.period.end, gross: figures.gross, sellerCouponCost: figures.sellerCouponCost,
                  platformCouponCost: figures.platformCouponCost, platformFee: figures.platformFee,
                  refunds: figures.refunds, payout: figures.payout, status: record.status.rawValue,
                  closedAt: record.closedAt, paidAt: record.paidAt)
    }
}

extension LedgerLineDTO {
    init(_ record: LedgerLineRecord) {
        self.init(entryId: String(record.entryId), transactionId: record.transactionId, occurredAt: record.occurredAt,
                  orderId: record.orderId, performanceId: record.performanceId, account: record.account,
                  debit: record.debit, credit: record.credit, description: record.description)
    }
}

extension SalesDTO {
    init(performanceId: String, _ record: SalesRecord) {
        let figures = record.figures
        self.init(performanceId: performanceId, ticketsSold: record.ticketsSold, gross: figures.gross,
                  sellerCouponCost: figures.sellerCouponCost, platformCouponCost: figures.platformCouponCost,
                  refunds: figures.refunds, platformFee: figures.platformFee, net: figures.payout)
    }
}

extension PlatformTotalsDTO {
    init(_ totals: PlatformTotals, unbalanced: Int) {
        self.init(buyerPayments: totals.buyerPayments, platformFee: totals.platformFeeIncome,
                  platformCouponCost: totals.platformCouponCost,
                  platformCouponRecovered: totals.platformCouponRecovered, sellerPayouts: totals.sellerPayouts,
                  netIncome: totals.platformFeeIncome - totals.platformCouponCost + totals.platformCouponRecovered,
                  unbalancedTransactions: unbalanced)
    }
}
