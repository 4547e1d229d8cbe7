import Foundation
import RouteTesting
import Testing
import TicketingProtocol

@Suite("Coupon routes, in-process: create, list, claim, mine")
struct CouponRouteTests {
    @Test func sellersCreateCouponsForTheirOwnPerformancesOnly() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let (seller, sellerAuth, show) = try await server.sellerWithPerformance()
        let grade = try #require(show.grades.first?.grade)
        let expires = Date().addingTimeInterval(86_400).rounded
        let perSeat = try await seller.createCoupon(CreateCouponRequest(
            name: "R석 5,000원", kind: "fixed", amount: 5_000, minSpend: 100_000, performanceId: show.id, grade: grade,
            perTicket: true, totalQuantity: 100, claimOpensAt: Date().addingTimeInterval(-60).rounded, expiresAt: expires))
        #expect(perSeat.kind == "fixed" && perSeat.amount == 5_000 && perSeat.percent == nil)
        #expect(perSeat.performanceId == show.id && perSeat.grade == grade && perSeat.perTicket)
        #expect(perSeat.fundedBy == .seller && perSeat.sellerId == sellerAuth.user.id)
        #expect(perSeat.remaining == 100 && perSeat.totalQuantity == 100 && perSeat.minSpend == 100_000)
        #expect(perSeat.expiresAt == expires && perSeat.id.hasPrefix("cpn_"))

        let everything = try await seller.createCoupon(CreateCouponRequest(
            name: "10% off, up to 20,000", kind: "percentage", percent: 10, maxDiscount: 20_000, totalQuantity: 5))
        #expect(everything.performanceId == nil && everything.sellerId == sellerAuth.user.id && !everything.perTicket)
        #expect(everything.percent == 10 && everything.maxDiscount == 20_000 && everything.amount == nil)

        let request = CreateCouponRequest(name: "x", kind: "fixed", amount: 1_000, performanceId: show.id, totalQuantity: 1)
        let (rival, _) = try await server.signedUp("seller")
        let (buyer, _) = try await server.signedUp("buyer")
        for (api, status) in [(rival, 403), (buyer, 403), (server.client(), 401)] {
            let error = await #expect(throws: RouteError.self) { _ = try await api.createCoupon(request) }
            #expect(error?.status == status)
        }
        var unknown = request
        unknown.performanceId = "prf_missing"
        let missing = await #expect(throws: RouteError.self) { _ = try await seller.createCoupon(unknown) }
        #expect(missing?.status == 404 && missing?.code == "not_found")
        #expect(try await server.client().coupons().coupons.count == 2)
    }

    @Test func invalidCouponsAreRefusedWithEveryProblemAndChangeNothing() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let (seller, _, show) = try await server.sellerWithPerformance()
        let broken = CreateCouponRequest(name: " ", kind: "percentage", amount: 1_000, percent: 0, performanceId: show.id,
                                         grade: "Balcony", totalQuantity: 0,
                                         claimOpensAt: Date().addingTimeInterval(7_200), expiresAt: Date().addingTimeInterval(3_600))
        let error = await #expect(throws: RouteError.self) { _ = try await seller.createCoupon(broken) }
        #expect(error?.status == 400 && error?.code == "bad_request")
        #expect(error?.body?.problems?.count == 6, "\(error?.body?.problems ?? [])")
        // Each problem again with its stable code and parameters, the same English as `problems`.
        let details = error?.body?.problemDetails ?? []
        #expect(details.map(\.message) == error?.body?.problems)
        #expect(details.map(\.code) == ["coupon_percent_range", "coupon_amount_on_percentage", "coupon_name_empty",
                                        "coupon_grade_unknown", "coupon_quantity_range", "coupon_claim_after_expiry"])
        #expect(details.first?.params == ["percent": "0"])

        let unknownKind = await #expect(throws: RouteError.self) {
            _ = try await seller.createCoupon(CreateCouponRequest(name: "bogo", kind: "bogo", totalQuantity: 1))
        }
        #expect(unknownKind?.body?.problems == ["kind \"bogo\" is not a coupon kind; use one of \"fixed\", \"percentage\""])
        #expect(unknownKind?.body?.problemDetails == [ProblemDetail(
            code: "coupon_kind_unknown", params: ["kind": "bogo", "known": "\"fixed\", \"percentage\""],
            message: "kind \"bogo\" is not a coupon kind; use one of \"fixed\", \"percentage\"")])
        let response = try await seller.send(method: "POST", path: "/v1/coupons",
                                             body: Data(#"{"name":"x","kind":"fixed","amount":1000}"#.utf8))
        #expect(response.status == 400)
        #expect(String(decoding: response.body, as: UTF8.self).contains("totalQuantity"))
        #expect(try await server.client().coupons().coupons.isEmpty)
    }

    @Test func anAdminsCouponsArePlatformFunded() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let (_, sellerAuth, show) = try await server.sellerWithPerformance()
        let admin = try await server.admin()
        let platformWide = try await admin.createCoupon(CreateCouponRequest(name: "Welcome", kind: "fixed", amount: 3_000,
                                                                            totalQuantity: 10))
        #expect(platformWide.fundedBy == .platform && platformWide.sellerId == nil && platformWide.performanceId == nil)
        let forShow = try await admin.createCoupon(CreateCouponRequest(name: "Launch", kind: "percentage", percent: 5,
                                                                       performanceId: show.id, totalQuantity: 10))
        #expect(forShow.fundedBy == .platform && forShow.sellerId == sellerAuth.user.id)
    }

    @Test func listingFiltersByPerformanceAndShowsLiveRemaining() async throws {
        let server = try await InProcessServer.start()
        defer { Task { await server.stop() } }
        let (seller, _, show) = try await server.sellerWithPerformance()
        let hall = try RouteShow.hall()
        let other = try await seller.createPerformance(RouteShow.request(venueId: show.venueId, hall: hall,
                                                                                     title: "Matinee"))
        let (rival, _) = try await server.signedUp("seller")
        let admin = try await server.admin()
        func coupon(_ api: RouteClient, _ name: String, performanceId: String? = nil, grade: String? = nil) async throws -> String {
            try await api.createCoupon(CreateCouponRequest(name: name, kind: "fixed", amount: 1_000,
                                                           performanceId: performanceId, grade: grade, totalQuantity: 3)).id
        }
        let sellerWide = try await coupon(seller, "all of mine")
        let forShow = try await coupon(seller, "this show", performanceId: show.id)
        let forGrade = try await coupon(seller, "this grade", performanceId: show.id, grade: show.grades[0].grade)
        let platform = try await coupon(admin, "platform")
        let rivals = try await coupon(rival, "someone else's")
        let otherShow = try await coupon(seller, "the matinee", performanceId: other.id)

        let forThisShow = try await server.client().coupons(performanceId: show.id).coupons.map(\.id)
        #expect(Set(forThisShow) == [sellerWide, forShow, forGrade, platform])
        #expect(Set(try await server.client().coupons().coupons.map(\.id))
                == [sellerWide, forShow, forGrade, platform, rivals, otherShow])
        let missing = await #expect(throws: RouteError.self) { _ = try await server.client().coupons(performanceId: "prf_nope") }
        #expect(missing?.status == 404)

        let (buyer, _) = try await server.signedUp("buyer")
        _ = try await buyer.claimCoupon(forShow)
        let live = try await server.client().coupons(performanceId: show.id).coupons
        #expect(live.first { $0.id == forShow }?.remaining == 2)
        #expect(live.first { $0.id == sellerWide }?.remaining == 3)
    }

    @Test func claimsFollowTheWindowTheStockAndOnePerBuyer() async throws {
        let clock = TestClock(frozenAt: Date())
        let server = try await InProcessServer.start(clock: clock.wallClock)
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        let coupon = try await seller.createCoupon(CreateCouponRequest(
            name: "Early birds", kind: "percentage", percent: 15, maxDiscount: 30_000, minSpend: 50_000, totalQuantity: 2,
            claimOpensAt: clock.now.addingTimeInterval(60), expiresAt: clock.now.addingTimeInterval(120)))
        let buyers = try await server.buyers(4).map(\.api)

        let early = await #expect(throws: RouteError.self) { _ = try await buyers[0].claimCoupon(coupon.id) }
        #expect(early?.status == 409 && early?.code == "sale_not_open")

        clock.advance(by: 61)
        let first = try await buyers[0].claimCoupon(coupon.id)
        #expect(first.userCouponId.hasPrefix("ucp_") && [.pending, .issued].contains(first.status))
        let again = await #expect(throws: RouteError.self) { _ = try await buyers[0].claimCoupon(coupon.id) }
        #expect(again?.status == 409 && again?.code == "already_claimed")
        #expect(again?.body?.userCouponId == first.userCouponId, "a retry whose first answer was lost learns it won")
        let withBody = try await buyers[1].send(method: "POST", path: "/v1/coupons/\(coupon.id)/claim", body: Data("{}".utf8))
        #expect(withBody.status == 202)
        let badBody = try await buyers[2].send(method: "POST", path: "/v1/coupons/\(coupon.id)/claim", body: Data("[1]".utf8))
        #expect(badBody.status == 400)
        let soldOut = await #expect(throws: RouteError.self) { _ = try await buyers[2].claimCoupon(coupon.id) }
        #expect(soldOut?.status == 409 && soldOut?.code == "sold_out")
        let sellerClaim = await #expect(throws: RouteError.self) { _ = try await seller.claimCoupon(coupon.id) }
        #expect(sellerClaim?.status == 403)
        let unknown = await #expect(throws: RouteError.self) { _ = try await buyers[2].claimCoupon("cpn_nope") }
        #expect(unknown?.status == 404)
        let anonymous = await #expect(throws: RouteError.self) { _ = try await server.client().claimCoupon(coupon.id) }
        #expect(anonymous?.status == 401)

        clock.advance(by: 60)
        let expired = await #expect(throws: RouteError.self) { _ = try await buyers[3].claimCoupon(coupon.id) }
        #expect(expired?.status == 422 && expired?.code == "coupon_not_applicable")

        await server.server.flushCoupons()
        let mine = try await buyers[0].myCoupons().coupons
        #expect(mine.count == 1)
        let held = try #require(mine.first)
        #expect(held.userCouponId == first.userCouponId && held.couponId == coupon.id && held.status == .issued)
        #expect(held.kind == "percentage" && held.percent == 15 && held.maxDiscount == 30_000 && held.minSpend == 50_000)
        #expect(held.expiresAt == coupon.expiresAt && !held.perTicket && held.name == "Early birds")
        #expect(try await buyers[3].myCoupons().coupons.isEmpty)
        let unauthenticated = await #expect(throws: RouteError.self) { _ = try await server.client().myCoupons() }
        #expect(unauthenticated?.status == 401)
    }
}

extension Date {
    /// Whole seconds: the wire carries no fractions, so a round trip compares equal only then.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
