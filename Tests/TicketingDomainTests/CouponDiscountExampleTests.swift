import Foundation
import Testing
import TicketingDomain

/// Worked examples a seller would recognise, pinning the boundaries the property tests roam over.
@Suite struct CouponDiscountExampleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let vip = CouponLine(id: "A-1", performanceId: "prf_1", sellerId: "usr_s", grade: "VIP", price: 180_000)
    static let r = CouponLine(id: "B-7", performanceId: "prf_1", sellerId: "usr_s", grade: "R", price: 150_000)
    static let basket = CouponBasket(lines: [vip, r])

    static func coupon(_ kind: String, _ parameters: CouponKindParameters, target: CouponTarget = .performance("prf_1"),
                       minSpend: Int = 0, perTicket: Bool = false, expiresAt: Date? = nil) throws -> Coupon {
        Coupon(id: "cpn_1", name: "test", kind: try CouponKindRegistry.standard.make(kind, parameters),
               target: target, minSpend: minSpend, perTicket: perTicket, totalQuantity: 100, expiresAt: expiresAt,
               fundedBy: .seller, sellerId: "usr_s")
    }

    @Test func fixedPerOrderTakesItsAmountOnceButNeverMoreThanTheTickets() throws {
        let fiveThousand = try Self.coupon("fixed", CouponKindParameters(amount: 5_000))
        #expect(fiveThousand.orderDiscount(for: Self.basket, now: Self.now) == 5_000)
        let huge = try Self.coupon("fixed", CouponKindParameters(amount: 1_000_000))
        #expect(huge.orderDiscount(for: Self.basket, now: Self.now) == 330_000)
        #expect(huge.ticketDiscount(for: Self.vip, in: Self.basket, now: Self.now) == 0, "per-order coupons have no ticket figure")
    }

    @Test func percentageIsRoundedDownAndCapped() throws {
        let tenPercent = try Self.coupon("percentage", CouponKindParameters(percent: 10))
        #expect(tenPercent.orderDiscount(for: Self.basket, now: Self.now) == 33_000)
        let capped = try Self.coupon("percentage", CouponKindParameters(percent: 10, maxDiscount: 20_000))
        #expect(capped.orderDiscount(for: Self.basket, now: Self.now) == 20_000)
        let odd = CouponBasket(lines: [CouponLine(id: "x", performanceId: "prf_1", sellerId: "usr_s", grade: "R", price: 9_999)])
        let third = try Self.coupon("percentage", CouponKindParameters(percent: 33))
        #expect(third.orderDiscount(for: odd, now: Self.now) == 3_299)
        let all = try Self.coupon("percentage", CouponKindParameters(percent: 100))
        #expect(all.orderDiscount(for: Self.basket, now: Self.now) == 330_000)
    }

    @Test func perTicketDiscountsOneTicketOnItsOwnPrice() throws {
        let perSeat = try Self.coupon("percentage", CouponKindParameters(percent: 50, maxDiscount: 80_000), perTicket: true)
        #expect(perSeat.ticketDiscount(for: Self.vip, in: Self.basket, now: Self.now) == 80_000)
        #expect(perSeat.ticketDiscount(for: Self.r, in: Self.basket, now: Self.now) == 75_000)
        #expect(perSeat.orderDiscount(for: Self.basket, now: Self.now) == 0)
    }

    @Test func gradeTargetOnlyCoversThatGradeAndMinSpendCountsCoveredTicketsOnly() throws {
        let rOnly = try Self.coupon("fixed", CouponKindParameters(amount: 10_000),
                                    target: .grade(performanceId: "prf_1", grade: "R"), minSpend: 150_000)
        #expect(rOnly.orderDiscount(for: Self.basket, now: Self.now) == 10_000)
        let needsMore = try Self.coupon("fixed", CouponKindParameters(amount: 10_000),
                                        target: .grade(performanceId: "prf_1", grade: "R"), minSpend: 150_001)
        #expect(needsMore.orderDiscount(for: Self.basket, now: Self.now) == 0)
        #expect(needsMore.inapplicability(to: Self.basket, now: Self.now)
                == .belowMinimumSpend(required: 150_001, covered: 150_000))
        let otherShow = try Self.coupon("fixed", CouponKindParameters(amount: 10_000), target: .performance("prf_2"))
        #expect(otherShow.inapplicability(to: Self.basket, now: Self.now) == .noCoveredTickets)
        let otherSeller = try Self.coupon("fixed", CouponKindParameters(amount: 10_000), target: .seller("usr_t"))
        #expect(otherSeller.orderDiscount(for: Self.basket, now: Self.now) == 0)
    }

    @Test func aCouponIsUsableUntilTheInstantItExpires() throws {
        let expiring = try Self.coupon("fixed", CouponKindParameters(amount: 1_000), expiresAt: Self.now)
        #expect(expiring.orderDiscount(for: Self.basket, now: Self.now.addingTimeInterval(-1)) == 1_000)
        #expect(expiring.orderDiscount(for: Self.basket, now: Self.now) == 0)
        #expect(expiring.inapplicability(to: Self.basket, now: Self.now) == .expired(at: Self.now))
    }

    @Test func claimWindowOpensAtItsTimeAndClosesAtExpiry() throws {
        var coupon = try Self.coupon("fixed", CouponKindParameters(amount: 1_000), expiresAt: Self.now.addingTimeInterval(60))
        coupon.claimOpensAt = Self.now
        #expect(coupon.claimWindow(at: Self.now.addingTimeInterval(-0.5)) == .notOpenYet(opensAt: Self.now))
        #expect(coupon.claimWindow(at: Self.now) == .open)
        #expect(coupon.claimWindow(at: Self.now.addingTimeInterval(60)) == .expired(at: Self.now.addingTimeInterval(60)))
    }

    /// Both claim paths (the in-memory stock and the Redis one) refuse a shut window this way,
    /// and tell a buyer who already won so before anything about the window.
    @Test func aShutWindowRefusesWithItsReasonAndAnEarlierWinComesFirst() throws {
        var coupon = try Self.coupon("fixed", CouponKindParameters(amount: 1_000), expiresAt: Self.now.addingTimeInterval(60))
        coupon.claimOpensAt = Self.now
        #expect(ClaimWindow.open.refusal == nil)
        #expect(coupon.claimWindow(at: Self.now.addingTimeInterval(-1)).refusal == .notOpenYet(opensAt: Self.now))
        #expect(coupon.claimWindow(at: Self.now.addingTimeInterval(61)).refusal == .expired(at: Self.now.addingTimeInterval(60)))
        var stock = CouponStockState(coupon: coupon, claimants: ["usr_won": "ucp_1"])
        #expect(stock.claim(userId: "usr_won", now: Self.now.addingTimeInterval(61)) { "ucp_2" }
            == .alreadyClaimed(userCouponId: "ucp_1"))
        #expect(stock.claim(userId: "usr_new", now: Self.now.addingTimeInterval(-1)) { "ucp_2" }
            == .notOpenYet(opensAt: Self.now))
        #expect(stock.claim(userId: "usr_new", now: Self.now) { "ucp_2" } == .won(userCouponId: "ucp_2"))
    }
}
