import TestSupport
import Foundation
import Testing
import TicketingDomain

/// Random orders and refunds against the figure definitions of docs/SETTLEMENT.md, computed directly from the
/// orders without the ledger.
@Suite("Settlement postings, property")
struct OrderPostingPropertyTests {
    @Test(arguments: DomainSeeds.list(20, salt: 7))
    func everyPostingBalancesAndSumsToTheDefinitions(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        var entries: [LedgerEntry] = []
        var expected = SettlementFigures()
        var tickets = 0
        var expectedTickets = 0
        for index in 0..<200 {
            let rate = FeeRate(basisPoints: Int.random(in: 0...2_000, using: &random))!
            let seats = Int.random(in: 1...4, using: &random)
            let subtotal = (0..<seats).reduce(0) { sum, _ in sum + Int.random(in: 1...200, using: &random) * 550 }
            let sellerDiscount = random.chance(0.5) ? Int.random(in: 0...subtotal, using: &random) : 0
            let platformDiscount = random.chance(0.5) ? Int.random(in: 0...(subtotal - sellerDiscount), using: &random) : 0
            let order = SettlementOrder(orderId: "o\(index)", sellerId: "s", performanceId: "p", ticketCount: seats,
                                        subtotal: subtotal, sellerDiscount: sellerDiscount,
                                        platformDiscount: platformDiscount)
            let paid = try OrderPosting.paid(order, feeRate: rate, at: at)
            #expect(paid.entries.reduce(0) { $0 + $1.signedAmount } == 0, "seed \(seed)")
            entries += paid.entries
            tickets += paid.ticketDelta
            // Half up, computed another way: the quotient is exact in a Double at these sizes.
            let fee = Int((Double((subtotal - sellerDiscount) * rate.basisPoints) / 10_000)
                .rounded(.toNearestOrAwayFromZero))
            expected += SettlementFigures(gross: subtotal, sellerCouponCost: sellerDiscount,
                                          platformCouponCost: platformDiscount, platformFee: fee)
            expectedTickets += seats
            if random.chance(0.3) {
                let refund = try OrderPosting.refunded(order, feeCharged: paid.figures.platformFee, at: at)
                #expect(refund.entries.reduce(0) { $0 + $1.signedAmount } == 0, "seed \(seed)")
                entries += refund.entries
                tickets += refund.ticketDelta
                expected += SettlementFigures(refunds: subtotal - sellerDiscount, platformFee: -fee)
                expectedTickets -= seats
                // A refunded order nets to nothing for the seller.
                #expect((paid.figures + refund.figures).payout == 0, "seed \(seed)")
            }
        }
        let figures = SettlementFigures(sellerId: "s", entries: entries)
        #expect(figures == expected, "seed \(seed)")
        #expect(figures.payout == expected.gross - expected.sellerCouponCost - expected.platformFee - expected.refunds)
        #expect(tickets == expectedTickets)
        // The platform's side mirrors the seller's: cash plus platform coupons equals fees plus payout.
        func balance(_ account: LedgerAccount) -> Int {
            entries.filter { $0.account == account }.reduce(0) { $0 + $1.signedAmount }
        }
        #expect(balance(.buyerPayments) + balance(.platformCouponCost) + balance(.platformCouponRecovered)
                == -balance(.platformFeeIncome) + figures.payout, "seed \(seed)")
    }
}
