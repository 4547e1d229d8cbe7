import TestSupport
import Testing
@testable import TicketingDomain

@Suite("Optimal coupon assignment")
struct CouponSolverTests {
    /// Every legal assignment, tried one by one.
    static func bruteForce(prices: [Int], perTicket: [CouponSolver.TicketCoupon],
                           perOrder: [CouponSolver.OrderCoupon]) -> Int {
        let subtotal = prices.reduce(0, +)
        var best = 0
        func assign(_ coupon: Int, _ usedSeats: Set<Int>, _ sum: Int) {
            if coupon == perTicket.count {
                for order in [0] + perOrder.map(\.discount) { best = max(best, min(subtotal, sum + order)) }
                return
            }
            assign(coupon + 1, usedSeats, sum)
            for seat in prices.indices where !usedSeats.contains(seat) {
                let value = min(perTicket[coupon].discounts[seat], prices[seat])
                if value > 0 { assign(coupon + 1, usedSeats.union([seat]), sum + value) }
            }
        }
        assign(0, [], 0)
        return best
    }

    @Test func matchesBruteForceOnThousandsOfRandomBaskets() {
        for seed in UInt64(1)...3_000 {
            var random = SplitMix64(seed: seed)
            let prices = (0..<Int.random(in: 1...4, using: &random)).map { _ in [50_000, 120_000, 150_000, 180_000].randomElement(using: &random)! }
            let perTicket = (0..<Int.random(in: 0...4, using: &random)).map { i in
                CouponSolver.TicketCoupon(id: "t\(i)", discounts: prices.map { _ in
                    Bool.random(using: &random) ? 0 : Int.random(in: 1...200_000, using: &random)
                })
            }
            let perOrder = (0..<Int.random(in: 0...3, using: &random)).map { i in
                CouponSolver.OrderCoupon(id: "o\(i)", discount: Int.random(in: 0...300_000, using: &random))
            }
            let result = CouponSolver.solve(seatPrices: prices, perTicket: perTicket, perOrder: perOrder)
            let expected = Self.bruteForce(prices: prices, perTicket: perTicket, perOrder: perOrder)
            #expect(result.discount == expected, "seed \(seed)")
            // Legal: each coupon once, one per-ticket coupon per seat, at most one per-order coupon.
            #expect(Set(result.applied.map(\.couponId)).count == result.applied.count, "seed \(seed)")
            let seats = result.applied.compactMap(\.seatIndex)
            #expect(Set(seats).count == seats.count, "seed \(seed)")
            #expect(result.applied.filter { $0.seatIndex == nil }.count <= 1, "seed \(seed)")
            #expect(result.discount <= prices.reduce(0, +))
            for applied in result.applied { if let seat = applied.seatIndex { #expect(applied.amount <= prices[seat]) } }
        }
    }

    @Test func prefersKeepingAUselessCoupon() {
        let result = CouponSolver.solve(seatPrices: [10_000], perTicket: [.init(id: "t", discounts: [10_000])],
                                        perOrder: [.init(id: "o", discount: 5_000)])
        #expect(result.applied.map(\.couponId) == ["t"])
        #expect(result.discount == 10_000)
    }
}
