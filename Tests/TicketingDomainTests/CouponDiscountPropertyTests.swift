import TestSupport
import Foundation
import Testing
import TicketingDomain

/// Random baskets against random coupons of each kind: the shared rules hold for every kind, and
/// each kind's figure matches an oracle written independently of its implementation.
@Suite struct CouponDiscountPropertyTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let runs = 3_000

    @Test(arguments: CouponKindRegistry.standard.names)
    func sharedRulesHoldForEveryKind(kind: String) throws {
        var random = SplitMix64(seed: 0xC0FFEE ^ UInt64(kind.count))
        for run in 0..<Self.runs {
            let basket = Self.basket(&random)
            let coupon = try Self.coupon(kind: kind, &random)
            let context = "run \(run): \(coupon.kind.parameters) \(coupon.target) minSpend \(coupon.minSpend) perTicket \(coupon.perTicket) on \(basket.lines.map(\.price))"
            let covered = basket.lines.filter(coupon.target.covers)
            let applies = coupon.isUsable(at: Self.now) && !covered.isEmpty && covered.totalPrice >= coupon.minSpend

            let order = coupon.orderDiscount(for: basket, now: Self.now)
            #expect(order >= 0 && order <= covered.totalPrice && order <= basket.subtotal, "\(context)")
            #expect(order == (coupon.perTicket || !applies ? 0 : Self.oracle(coupon.kind, covered)), "\(context)")
            #expect((coupon.inapplicability(to: basket, now: Self.now) == nil) == applies, "\(context)")

            for line in basket.lines {
                let ticket = coupon.ticketDiscount(for: line, in: basket, now: Self.now)
                #expect(ticket >= 0 && ticket <= line.price, "\(context)")
                let expected = coupon.perTicket && applies && coupon.target.covers(line)
                    ? Self.oracle(coupon.kind, [line]) : 0
                #expect(ticket == expected, "\(context) line \(line.id)")
            }
            if let cap = (coupon.kind as? PercentageCoupon)?.maxDiscount {
                #expect(order <= cap, "\(context)")
            }
            if let amount = (coupon.kind as? FixedAmountCoupon)?.amount {
                #expect(order <= amount, "\(context)")
            }
            // Tickets outside the target change nothing: not the figure, not the minimum spend.
            var padded = basket
            padded.lines.append(CouponLine(id: "extra", performanceId: "prf_other", sellerId: "usr_other",
                                           grade: "R", price: Int.random(in: 1...500_000, using: &random)))
            if case .everything = coupon.target {} else {
                #expect(coupon.orderDiscount(for: padded, now: Self.now) == order, "\(context)")
            }
        }
    }

    /// Written from the wire meaning (percent of the covered total, rounded down, capped; or the
    /// amount, but never more than the price), not from the kinds' code.
    static func oracle(_ kind: any CouponKind, _ lines: [CouponLine]) -> Int {
        let total = lines.reduce(0) { $0 + $1.price }
        let parameters = kind.parameters
        if let amount = parameters.amount { return total < amount ? total : amount }
        let percent = parameters.percent ?? 0
        var off = total * percent / 100
        if let cap = parameters.maxDiscount, cap < off { off = cap }
        return off
    }

    static func basket(_ random: inout SplitMix64) -> CouponBasket {
        let count = Int.random(in: 1...8, using: &random)
        return CouponBasket(lines: (0..<count).map { index in
            let performance = ["prf_a", "prf_b", "prf_c"].randomElement(using: &random)!
            let price = Bool.random(using: &random)
                ? Int.random(in: 1...200, using: &random) * 1_000
                : Int.random(in: 1...10_000_000, using: &random)
            return CouponLine(id: "seat-\(index)", performanceId: performance,
                              sellerId: performance == "prf_c" ? "usr_s2" : "usr_s1",
                              grade: ["VIP", "R", "S"].randomElement(using: &random)!, price: price)
        })
    }

    static func coupon(kind: String, _ random: inout SplitMix64) throws -> Coupon {
        var parameters = CouponKindParameters()
        switch kind {
        case FixedAmountCoupon.name:
            parameters.amount = [1, 1_000, 5_000, 30_000, 150_000, 10_000_000].randomElement(using: &random)!
        case PercentageCoupon.name:
            parameters.percent = [1, 5, 10, 33, 50, 99, 100].randomElement(using: &random)!
            parameters.maxDiscount = [nil, 0, 1, 5_000, 20_000, 1_000_000].randomElement(using: &random)!
        default:
            Issue.record("no generator for coupon kind \(kind); add one so it is property-tested")
        }
        let target: CouponTarget = [
            .everything, .seller("usr_s1"), .seller("usr_s2"), .performance("prf_a"),
            .grade(performanceId: "prf_b", grade: "VIP"), .grade(performanceId: "prf_a", grade: "S"),
        ].randomElement(using: &random)!
        let expiresIn = [nil, -1, 0, 1, 86_400].randomElement(using: &random)!
        return Coupon(id: "cpn", name: "c", kind: try CouponKindRegistry.standard.make(kind, parameters),
                      target: target, minSpend: [0, 0, 10_000, 150_000, 1_000_000].randomElement(using: &random)!,
                      perTicket: Bool.random(using: &random), totalQuantity: 10,
                      expiresAt: expiresIn.map { now.addingTimeInterval(TimeInterval($0)) },
                      fundedBy: .seller, sellerId: "usr_s1")
    }
}
