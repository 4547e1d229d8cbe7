import Foundation
import Testing
import TicketingDomain
import TicketingRecords

@Suite("Coupon records: SQLite and PostgreSQL agree")
struct CouponRecordsContractTests {
    @Test(arguments: RecordsBackend.available)
    func couponsRoundTripAndListByWhatTheyCanDiscount(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createUser(Fixture.user("usr_s2", role: .seller))
            let sellerWide = try Fixture.coupon("cpn_seller", stock: 3)
            let graded = try Fixture.coupon("cpn_grade", stock: 3, target: .grade(performanceId: Fixture.performanceId, grade: "R"))
            var everywhere = try Fixture.coupon("cpn_all", stock: 3, target: .everything)
            everywhere.coupon.sellerId = nil
            everywhere.coupon.fundedBy = .platform
            everywhere.coupon.kind = try PercentageCoupon(CouponKindParameters(percent: 10, maxDiscount: 7_000))
            var otherSeller = try Fixture.coupon("cpn_s2", stock: 3, target: .seller("usr_s2"))
            otherSeller.coupon.sellerId = "usr_s2"
            otherSeller.createdBy = "usr_s2"
            for record in [graded, sellerWide, everywhere, otherSeller] { try await records.createCoupon(record) }

            #expect(try await records.coupon(id: "cpn_grade") == graded)
            #expect(try await records.coupon(id: "cpn_all") == everywhere)
            #expect(try await records.coupon(id: "cpn_none") == nil)
            #expect(try await records.coupons().map(\.coupon.id) == ["cpn_all", "cpn_grade", "cpn_s2", "cpn_seller"])
            #expect(try await records.coupons(performanceId: Fixture.performanceId).map(\.coupon.id)
                    == ["cpn_all", "cpn_grade", "cpn_seller"])
            await #expect(throws: (any Error).self) { try await records.createCoupon(graded) }
        }
    }

    @Test(arguments: RecordsBackend.available)
    func issuanceRefusesEachBadEntryAloneAndKeepsTheRest(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createUsers((1...4).map { Fixture.user("usr_b\($0)") })
            try await records.createCoupon(try Fixture.coupon("cpn_two", stock: 2))
            try await records.createCoupon(try Fixture.coupon("cpn_many", stock: 10))
            func claim(_ id: String, _ coupon: String, _ user: String) -> CouponIssuance {
                CouponIssuance(id: id, couponId: coupon, userId: user, claimedAt: Fixture.t0)
            }
            let first = try await records.appendIssuances([
                claim("uc1", "cpn_two", "usr_b1"),
                claim("uc2", "cpn_two", "usr_b1"),        // same buyer twice
                claim("uc3", "cpn_two", "usr_ghost"),     // no such account
                claim("uc4", "cpn_two", "usr_b2"),
                claim("uc5", "cpn_two", "usr_b3"),        // stock of 2 spent
                claim("uc6", "cpn_none", "usr_b1"),       // no such coupon
                claim("uc7", "cpn_many", "usr_b1"),
            ])
            #expect(first == ["uc2": .duplicate, "uc3": .unknownUser, "uc5": .soldOut, "uc6": .unknownCoupon])
            // A replayed batch (the same ids) is refused entry by entry.
            // So is an id another coupon's entry holds, or one the batch already used.
            let replay = try await records.appendIssuances([
                claim("uc7", "cpn_many", "usr_b1"), claim("uc1", "cpn_many", "usr_b3"),
                claim("uc8", "cpn_many", "usr_b4"), claim("uc8", "cpn_many", "usr_b2"),
            ])
            #expect(replay == ["uc7": .duplicate, "uc1": .duplicate, "uc8": .duplicate])
            #expect(try await records.appendIssuances([]) == [:])

            #expect(try await records.coupon(id: "cpn_two")?.issuedCount == 2)
            #expect(try await records.coupon(id: "cpn_many")?.issuedCount == 2)
            let stock = try #require(try await records.couponStock(couponId: "cpn_two"))
            #expect(stock.claimants == ["usr_b1": "uc1", "usr_b2": "uc4"])
            #expect(stock.coupon.id == "cpn_two")
            #expect(try await records.couponStock(couponId: "cpn_none") == nil)
            // A batch's coupons are appended in no promised order; within one coupon, in batch order.
            #expect(try await records.userCoupons(userId: "usr_b1").map(\.id).sorted() == ["uc1", "uc7"])
            #expect(try await records.userCoupons(userId: "usr_b1").allSatisfy { $0.status == .issued && $0.claimedAt == Fixture.t0 })
        }
    }

    @Test(arguments: RecordsBackend.available)
    func aCouponIsUsedByOneOrderAndReturnedOnlyByThatOrder(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createUser(Fixture.user("usr_b2"))
            try await records.createCoupon(try Fixture.coupon("cpn_a", stock: 5))
            try await records.createCoupon(try Fixture.coupon("cpn_b", stock: 5))
            _ = try await records.appendIssuances([
                CouponIssuance(id: "ucA", couponId: "cpn_a", userId: Fixture.buyerId, claimedAt: Fixture.t0),
                CouponIssuance(id: "ucOther", couponId: "cpn_a", userId: "usr_b2", claimedAt: Fixture.t0),
            ])
            _ = try await records.appendIssuances([
                CouponIssuance(id: "ucB", couponId: "cpn_b", userId: Fixture.buyerId, claimedAt: Fixture.t0.addingTimeInterval(1)),
            ])
            let at = Fixture.t0.addingTimeInterval(5)
            await #expect(throws: CouponUseError.notIssued(["ucOther", "ucZ"])) {
                try await records.markCouponsUsed(userCouponIds: ["ucA", "ucOther", "ucZ"], userId: Fixture.buyerId,
                                                  orderId: "o1", at: at)
            }
            #expect(try await records.userCoupons(userId: Fixture.buyerId).allSatisfy { $0.status == .issued })
            try await records.markCouponsUsed(userCouponIds: ["ucA"], userId: Fixture.buyerId, orderId: "o1", at: at)
            await #expect(throws: CouponUseError.alreadyUsed(["ucA"])) {
                try await records.markCouponsUsed(userCouponIds: ["ucB", "ucA"], userId: Fixture.buyerId, orderId: "o2", at: at)
            }
            let mine = try await records.userCoupons(userId: Fixture.buyerId)
            #expect(mine.map(\.id) == ["ucA", "ucB"])
            #expect(mine.map(\.status) == [.used, .issued])
            #expect(mine.map(\.orderId) == ["o1", nil])

            #expect(try await records.returnCoupons(userCouponIds: ["ucA"], orderId: "o2") == 0)
            #expect(try await records.returnCoupons(userCouponIds: [], orderId: "o1") == 0)
            #expect(try await records.returnCoupons(userCouponIds: ["ucA", "ucB"], orderId: "o1") == 1)
            #expect(try await records.userCoupons(userId: Fixture.buyerId).allSatisfy { $0.status == .issued })
        }
    }
}
