import Foundation

/// Turns order events into balanced ledger transactions (see docs/SETTLEMENT.md for the chart).
public enum OrderPosting {
    /// Buyer paid `total`, the platform adds its discount, the seller is credited face value
    /// less its own discount, and the platform's fee moves from the seller to the platform.
    public static func paid(_ order: SettlementOrder, feeRate: FeeRate, at occurredAt: Date) throws -> LedgerTransaction {
        let seller = order.sellerId
        let fee = feeRate.fee(on: order.feeBase)
        let tickets = order.ticketCount == 1 ? "1 ticket" : "\(order.ticketCount) tickets"
        let lines: [LedgerEntry] = [
            .debit(.buyerPayments, order.total, "paid by the buyer through the gateway"),
            .debit(.platformCouponCost, order.platformDiscount, "platform-funded discount, paid to the seller"),
            .debit(.sellerCouponCost(sellerId: seller), order.sellerDiscount, "seller-funded discount"),
            .credit(.sellerRevenue(sellerId: seller), order.subtotal, "face value of \(tickets)"),
            .debit(.sellerPlatformFee(sellerId: seller), fee,
                   "platform fee \(feeRate.percentText) of \(order.feeBase.grouped) KRW"),
            .credit(.platformFeeIncome, fee, "platform fee \(feeRate.percentText) of \(order.feeBase.grouped) KRW"),
        ]
        return try LedgerTransaction(kind: .orderPaid, orderId: order.orderId, sellerId: seller,
                                     performanceId: order.performanceId, occurredAt: occurredAt,
                                     ticketDelta: order.ticketCount, entries: lines.filter { $0.debit + $0.credit > 0 })
    }

    /// The buyer gets `total` back, the platform its discount, the seller returns face value
    /// less its own discount, and exactly the fee `feeCharged` on the payment is reversed.
    public static func refunded(_ order: SettlementOrder, feeCharged: Int, at occurredAt: Date) throws -> LedgerTransaction {
        let seller = order.sellerId
        let lines: [LedgerEntry] = [
            .debit(.sellerRefunds(sellerId: seller), order.feeBase, "refund of face value less seller-funded discount"),
            .credit(.buyerPayments, order.total, "returned to the buyer through the gateway"),
            .credit(.platformCouponRecovered, order.platformDiscount, "platform-funded discount returned"),
            .debit(.platformFeeIncome, feeCharged, "platform fee reversed by the refund"),
            .credit(.sellerPlatformFee(sellerId: seller), feeCharged, "platform fee reversed by the refund"),
        ]
        return try LedgerTransaction(kind: .orderRefunded, orderId: order.orderId, sellerId: seller,
                                     performanceId: order.performanceId, occurredAt: occurredAt,
                                     ticketDelta: -order.ticketCount, entries: lines.filter { $0.debit + $0.credit > 0 })
    }
}
