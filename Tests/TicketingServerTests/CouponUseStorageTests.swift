import Foundation
import GRDB
import Testing
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

/// The SQLite variants of the coupon-use hooks, which join the caller's transaction (the
/// port-level behaviour is in Contract/CouponUseContractTests.swift, per backend).
@Suite("Coupon use: SQLite transaction variants")
struct CouponUseStorageTests {
    struct Rollback: Error {}

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
