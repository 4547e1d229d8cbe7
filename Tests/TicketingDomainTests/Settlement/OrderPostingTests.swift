import Foundation
import Testing
import TicketingDomain

@Suite("Settlement postings")
struct OrderPostingTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let order = SettlementOrder(orderId: "ord_1", sellerId: "usr_s", performanceId: "prf_1", ticketCount: 2,
                                       subtotal: 100_000, sellerDiscount: 5_000, platformDiscount: 2_000)

    @Test func paidOrderDebitsCashAndCouponsAndCreditsFaceValueAndFee() throws {
        let paid = try OrderPosting.paid(Self.order, feeRate: .default, at: Self.at)
        let amounts = paid.entries.map { "\($0.account.code) \($0.debit) \($0.credit)" }
        #expect(amounts == [
            "buyer_payments 93000 0", "platform_coupon_cost 2000 0", "seller_coupon_cost:usr_s 5000 0",
            "seller_revenue:usr_s 0 100000", "seller_platform_fee:usr_s 9500 0", "platform_fee_income 0 9500",
        ])
        #expect(paid.figures == SettlementFigures(gross: 100_000, sellerCouponCost: 5_000, platformCouponCost: 2_000,
                                                  refunds: 0, platformFee: 9_500))
        #expect(paid.figures.payout == 85_500)
        #expect(paid.ticketDelta == 2 && paid.kind == .orderPaid && paid.occurredAt == Self.at)
    }

    @Test func refundTakesBackFaceValueLessSellerDiscountAndReversesExactlyTheChargedFee() throws {
        let refund = try OrderPosting.refunded(Self.order, feeCharged: 9_501, at: Self.at)
        let amounts = refund.entries.map { "\($0.account.code) \($0.debit) \($0.credit)" }
        #expect(amounts == [
            "seller_refunds:usr_s 95000 0", "buyer_payments 0 93000", "platform_coupon_recovered 0 2000",
            "platform_fee_income 9501 0", "seller_platform_fee:usr_s 0 9501",
        ])
        #expect(refund.figures == SettlementFigures(refunds: 95_000, platformFee: -9_501))
        #expect(refund.ticketDelta == -2)
    }

    @Test func zeroAmountsLeaveNoLines() throws {
        let plain = SettlementOrder(orderId: "o", sellerId: "s", performanceId: "p", ticketCount: 1, subtotal: 50_000,
                                    sellerDiscount: 0, platformDiscount: 0)
        let paid = try OrderPosting.paid(plain, feeRate: FeeRate(basisPoints: 0)!, at: Self.at)
        #expect(paid.entries.map(\.account) == [.buyerPayments, .sellerRevenue(sellerId: "s")])
        let free = SettlementOrder(orderId: "o", sellerId: "s", performanceId: "p", ticketCount: 1, subtotal: 50_000,
                                   sellerDiscount: 50_000, platformDiscount: 0)
        let gift = try OrderPosting.paid(free, feeRate: .default, at: Self.at)
        #expect(gift.entries.map(\.account) == [.sellerCouponCost(sellerId: "s"), .sellerRevenue(sellerId: "s")])
        #expect(gift.figures.payout == 0)
    }

    @Test func feeRoundsHalfUpPerOrder() {
        let tenPercent = FeeRate.default
        #expect(tenPercent.fee(on: 12_345) == 1_235)
        #expect(tenPercent.fee(on: 12_344) == 1_234)
        #expect(tenPercent.fee(on: 0) == 0)
        let odd = FeeRate(basisPoints: 333)!
        #expect(odd.fee(on: 150) == 5)    // 4.995 → 5
        #expect(odd.fee(on: 149) == 5)    // 4.9617 → 5
        #expect(odd.fee(on: 135) == 4)    // 4.4955 → 4
        #expect(FeeRate(basisPoints: 10_000)!.fee(on: 777) == 777)
        #expect(FeeRate(basisPoints: -1) == nil && FeeRate(basisPoints: 10_001) == nil)
        #expect(FeeRate(basisPoints: 1_250)!.percentText == "12.5%")
        #expect(FeeRate(basisPoints: 1_205)!.percentText == "12.05%")
        #expect(FeeRate.default.percentText == "10%")
    }

    @Test func unbalancedOrMalformedTransactionsCannotBeMade() {
        let unbalanced = #expect(throws: LedgerError.self) {
            _ = try LedgerTransaction(kind: .orderPaid, orderId: "o", sellerId: "s", performanceId: "p", occurredAt: Self.at,
                                      ticketDelta: 1, entries: [.debit(.buyerPayments, 100, ""),
                                                                .credit(.sellerRevenue(sellerId: "s"), 99, "")])
        }
        #expect(unbalanced == .unbalanced(debits: 100, credits: 99))
        let bothSides = #expect(throws: LedgerError.self) {
            _ = try LedgerTransaction(kind: .orderPaid, orderId: "o", sellerId: "s", performanceId: "p", occurredAt: Self.at,
                                      ticketDelta: 1, entries: [LedgerEntry(account: .buyerPayments, debit: 5, credit: 5,
                                                                            description: "")])
        }
        #expect(bothSides == .malformedEntry(account: "buyer_payments", debit: 5, credit: 5))
        #expect(throws: LedgerError.self) {
            _ = try LedgerTransaction(kind: .orderPaid, orderId: "o", sellerId: "s", performanceId: "p", occurredAt: Self.at,
                                      ticketDelta: 1, entries: [.debit(.buyerPayments, -5, ""),
                                                                .credit(.sellerRevenue(sellerId: "s"), -5, "")])
        }
    }

    @Test func accountCodesRoundTrip() {
        let accounts: [LedgerAccount] = [
            .buyerPayments, .platformCouponCost, .platformCouponRecovered, .platformFeeIncome,
            .sellerRevenue(sellerId: "usr_a"), .sellerCouponCost(sellerId: "usr_a"),
            .sellerPlatformFee(sellerId: "usr_a:odd"), .sellerRefunds(sellerId: "usr_b"),
        ]
        for account in accounts { #expect(LedgerAccount(code: account.code) == account) }
        #expect(LedgerAccount(code: "seller_revenue") == nil)
        #expect(LedgerAccount(code: "buyer_payments:x") == nil)
        #expect(LedgerAccount(code: "cash") == nil)
    }

    @Test func figuresIgnoreOtherSellersAccounts() throws {
        let other = try OrderPosting.paid(SettlementOrder(orderId: "o2", sellerId: "usr_t", performanceId: "p",
                                                          ticketCount: 1, subtotal: 10_000, sellerDiscount: 0,
                                                          platformDiscount: 0), feeRate: .default, at: Self.at)
        #expect(SettlementFigures(sellerId: "usr_s", entries: other.entries) == SettlementFigures())
    }
}
