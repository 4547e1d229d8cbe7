import Foundation
import Testing
import TicketingDomain
import TicketingStorage

/// The hooks checkout and refunds call, through the record ports, per backend.
@Suite("Contract: coupon use, per backend")
struct CouponUseContractTests {
    @Test(arguments: Backend.all)
    func usedCouponsCannotBeUsedAgainAndReturnOnlyFromTheirOrder(backend: Backend) async throws {
        let under = try await backend.make()
        defer { Task { await under.teardown() } }
        let storage = under.records
        let race = try await CouponRace.make(under, stock: 5, buyerCount: 2)
        let (b0, b1) = (race.buyers[0], race.buyers[1])
        _ = try await storage.appendIssuances([
            CouponIssuance(id: "ucp_0", couponId: race.coupon.id, userId: b0, claimedAt: Date()),
            CouponIssuance(id: "ucp_1", couponId: race.coupon.id, userId: b1, claimedAt: Date()),
        ])
        let now = Date()

        await #expect(throws: CouponUseError.notIssued(["ucp_1"])) {
            try await storage.markCouponsUsed(userCouponIds: ["ucp_0", "ucp_1"], userId: b0, orderId: "ord_1", at: now)
        }
        #expect(try await storage.userCoupons(userId: b0).map(\.status) == [.issued], "all or nothing")

        try await storage.markCouponsUsed(userCouponIds: ["ucp_0"], userId: b0, orderId: "ord_1", at: now)
        let used = try await storage.userCoupons(userId: b0)
        #expect(used.map(\.status) == [.used] && used.first?.orderId == "ord_1")
        #expect(used.first?.coupon == race.coupon)
        await #expect(throws: CouponUseError.alreadyUsed(["ucp_0"])) {
            try await storage.markCouponsUsed(userCouponIds: ["ucp_0"], userId: b0, orderId: "ord_2", at: now)
        }

        #expect(try await storage.returnCoupons(userCouponIds: ["ucp_0"], orderId: "ord_other") == 0)
        #expect(try await storage.returnCoupons(userCouponIds: ["ucp_0"], orderId: "ord_1") == 1)
        #expect(try await storage.userCoupons(userId: b0).map(\.status) == [.issued])
        #expect(try await storage.returnCoupons(userCouponIds: ["ucp_0"], orderId: "ord_1") == 0, "a replayed refund")
    }
}
