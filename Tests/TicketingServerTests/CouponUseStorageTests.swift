import Foundation
import GRDB
import Testing
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

/// The hooks checkout and refunds will call inside their own transactions.
@Suite("Coupon use: mark used, return")
struct CouponUseStorageTests {
    struct Rollback: Error {}

    @Test func usedCouponsCannotBeUsedAgainAndReturnOnlyFromTheirOrder() async throws {
        let fixture = try await CouponFixture.make(stock: 5, buyerCount: 2)
        let (b0, b1) = (fixture.buyers[0], fixture.buyers[1])
        _ = try await fixture.storage.appendIssuances([
            CouponIssuance(id: "ucp_0", couponId: fixture.coupon.id, userId: b0, claimedAt: Date()),
            CouponIssuance(id: "ucp_1", couponId: fixture.coupon.id, userId: b1, claimedAt: Date()),
        ])
        let storage = fixture.storage
        let now = Date()

        await #expect(throws: CouponUseError.notIssued(["ucp_1"])) {
            try await storage.markCouponsUsed(userCouponIds: ["ucp_0", "ucp_1"], userId: b0, orderId: "ord_1", at: now)
        }
        #expect(try await storage.userCoupons(userId: b0).map(\.status) == [.issued], "all or nothing")

        try await storage.markCouponsUsed(userCouponIds: ["ucp_0"], userId: b0, orderId: "ord_1", at: now)
        let used = try await storage.userCoupons(userId: b0)
        #expect(used.map(\.status) == [.used] && used.first?.orderId == "ord_1")
        #expect(used.first?.coupon == fixture.coupon)
        await #expect(throws: CouponUseError.alreadyUsed(["ucp_0"])) {
            try await storage.markCouponsUsed(userCouponIds: ["ucp_0"], userId: b0, orderId: "ord_2", at: now)
        }

        #expect(try await storage.returnCoupons(userCouponIds: ["ucp_0"], orderId: "ord_other") == 0)
        #expect(try await storage.returnCoupons(userCouponIds: ["ucp_0"], orderId: "ord_1") == 1)
        #expect(try await storage.userCoupons(userId: b0).map(\.status) == [.issued])
        #expect(try await storage.returnCoupons(userCouponIds: ["ucp_0"], orderId: "ord_1") == 0, "a replayed refund")
    }

    @Test func theDatabaseVariantsJoinTheCallersTransaction() async throws {
        let fixture = try await CouponFixture.make(stock: 5, buyerCount: 1)
        let buyer = fixture.buyers[0]
        _ = try await fixture.storage.appendIssuances([
            CouponIssuance(id: "ucp_0", couponId: fixture.coupon.id, userId: buyer, claimedAt: Date()),
        ])
        await #expect(throws: Rollback.self) {
            try await fixture.storage.pool.write { db in
                try Storage.markCouponsUsed(db, userCouponIds: ["ucp_0"], userId: buyer, orderId: "ord_1", at: Date())
                #expect(try Storage.userCoupons(db, userId: buyer, ids: ["ucp_0"]).map(\.status) == [.used])
                throw Rollback()
            }
        }
        #expect(try await fixture.storage.userCoupons(userId: buyer).map(\.status) == [.issued])
    }
}
