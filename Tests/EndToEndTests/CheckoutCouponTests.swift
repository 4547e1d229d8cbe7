import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Checkout applies the best coupons and gives them back on failure")
struct CheckoutCouponTests {
    @Test func bestCombinationIsQuotedAppliedAndReturnedOnDecline() async throws {
        let fixture = try await CheckoutFixture.make(seats: 2)
        defer { Task { await fixture.show.server.stop() } }
        let show = fixture.show
        let percent = try await show.seller.createCoupon(CreateCouponRequest(
            name: "10% off the order", kind: "percentage", percent: 10, maxDiscount: 50_000,
            performanceId: show.performance.id, perTicket: false, totalQuantity: 10))
        let fixed = try await show.seller.createCoupon(CreateCouponRequest(
            name: "20,000 off one ticket", kind: "fixed", amount: 20_000, performanceId: show.performance.id,
            perTicket: true, totalQuantity: 10))
        let small = try await show.seller.createCoupon(CreateCouponRequest(
            name: "5,000 off the order", kind: "fixed", amount: 5_000, performanceId: show.performance.id,
            perTicket: false, totalQuantity: 10))
        var mine: [String: String] = [:]
        for coupon in [percent, fixed, small] {
            mine[coupon.id] = try await fixture.buyer.claimCoupon(coupon.id).userCouponId
        }
        // Wait until the claims are durable (issued) so checkout may use them.
        let deadline = ContinuousClock.now + .seconds(10)
        while try await fixture.buyer.myCoupons().coupons.contains(where: { $0.status != .issued }),
              ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let subtotal = fixture.hold.amount
        let quote = try await fixture.buyer.post("/v1/orders/quote", body: QuoteRequest(holdId: fixture.hold.holdId),
                                                 as: QuoteDTO.self)
        let expectedOrderCoupon = max(min(subtotal / 10, 50_000), 5_000)
        #expect(quote.subtotal == subtotal)
        #expect(quote.discount == 20_000 + expectedOrderCoupon)
        #expect(quote.total == subtotal - quote.discount)
        #expect(Set(quote.applied.map(\.userCouponId)).contains(mine[fixed.id]!))

        let twoOrderCoupons = await #expect(throws: APIError.self) {
            _ = try await fixture.buyer.post("/v1/orders/quote",
                                             body: QuoteRequest(holdId: fixture.hold.holdId,
                                                                userCouponIds: [mine[percent.id]!, mine[small.id]!]),
                                             as: QuoteDTO.self)
        }
        #expect(twoOrderCoupons?.status == 422 && twoOrderCoupons?.code == "coupon_not_applicable")

        let (order, final) = try await fixture.orderAndPay(card: "4000 0000 0000 0002")
        #expect(order.discount == quote.discount)
        #expect(final.status == "failed")
        let after = try await fixture.buyer.myCoupons().coupons
        #expect(after.allSatisfy { $0.status == .issued }, "coupons come back after a declined payment")
        // The failed order let the seats go: hold them again and pay with a good card.
        let (_, paid) = try await fixture.holdAgain().orderAndPay(card: "4242424242424242")
        #expect(paid.status == "paid")
        let used = try await fixture.buyer.myCoupons().coupons.filter { $0.status == .used }
        #expect(Set(used.map(\.userCouponId)) == Set(quote.applied.map(\.userCouponId)))
    }
}
