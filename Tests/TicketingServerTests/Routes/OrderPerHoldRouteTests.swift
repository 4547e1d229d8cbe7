import Foundation
import RouteTesting
import Testing
import TicketingDomain
import TicketingProtocol

/// A hold has one live order: asking again is answered with it, even without an
/// `Idempotency-Key` (a retry after a node restart lost the stored answer); asking with other
/// coupons replaces it and gives its coupons back.
@Suite("Orders, one per hold, in-process")
struct OrderPerHoldRouteTests {
    @Test func askingAgainGetsTheSameOrderAndOtherCouponsReplaceIt() async throws {
        try await InProcessServer.test { server in
            let show = try await RouteShow.make(on: server, rate: 1_000, maxActive: 100)
            let coupon = try await show.seller.createCoupon(CreateCouponRequest(
                name: "1,000 off", kind: "fixed", amount: 1_000, performanceId: show.performance.id,
                totalQuantity: 10, claimOpensAt: Date().addingTimeInterval(-60)))
            let (buyer, _) = try await RouteShow.signedUp(server, "buyer")
            let claimed = try await buyer.claimCoupon(coupon.id)
            try await Self.waitForCoupon(buyer, claimed.userCouponId, status: .issued)
            _ = try await show.join(buyer)
            let status = try await show.waitForStatus(buyer) { $0.state == "admitted" }
            let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                            body: CreateHoldRequest(grade: show.hall.grades[0].grade, count: 2),
                                            as: HoldDTO.self, headers: ["X-Admission-Token": status.admissionToken ?? ""])

            let first = try await buyer.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId), as: OrderDTO.self)
            #expect(first.discount == 1_000 && first.applied.map(\.userCouponId) == [claimed.userCouponId])
            let again = try await buyer.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId), as: OrderDTO.self)
            #expect(again.orderId == first.orderId && again.total == first.total)
            let named = try await buyer.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId,
                                                                              userCouponIds: [claimed.userCouponId]),
                                             as: OrderDTO.self)
            #expect(named.orderId == first.orderId)

            let plain = try await buyer.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId, userCouponIds: []),
                                             as: OrderDTO.self)
            #expect(plain.orderId != first.orderId && plain.discount == 0 && plain.seatIds == first.seatIds)
            #expect(try await buyer.get("/v1/orders/\(first.orderId)", as: OrderDTO.self).status == "cancelled")
            try await Self.waitForCoupon(buyer, claimed.userCouponId, status: .issued)
            let live = try await buyer.get("/v1/me/orders", as: OrderList.self).orders.filter { $0.status == "pending_payment" }
            #expect(live.map(\.orderId) == [plain.orderId])
        }
    }

    static func waitForCoupon(_ buyer: RouteClient, _ id: String, status: UserCouponStatus) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try await buyer.myCoupons().coupons.first(where: { $0.userCouponId == id })?.status != status {
            guard ContinuousClock.now < deadline else { Issue.record("coupon \(id) never became \(status)"); return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
