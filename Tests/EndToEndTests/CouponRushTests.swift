import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol

@Suite("Coupon rush over real sockets")
struct CouponRushTests {
    /// 200 buyers, 40 of whom fire the same claim three times at once on separate connections,
    /// race for 50 coupons. The answers, the remaining count and every buyer's coupon list must
    /// tell one consistent story: exactly 50 winners, nobody twice.
    @Test func twoHundredBuyersRaceForFiftyCoupons() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        let coupon = try await seller.createCoupon(CreateCouponRequest(name: "First 50", kind: "fixed", amount: 10_000,
                                                                       totalQuantity: 50))
        let buyers = try await server.buyers(200)

        let attempts = await withTaskGroup(of: CouponClaimAudit.Attempt.self) { group in
            for (index, buyer) in buyers.enumerated() {
                let copies = index < 40 ? 3 : 1
                for copy in 0..<copies {
                    // One APIClient serialises its calls, so each copy gets its own connection.
                    let api = copy == 0 ? buyer.api : APIClient(host: "127.0.0.1", port: server.port, token: buyer.auth.token)
                    group.addTask {
                        CouponClaimAudit.Attempt(buyer: buyer.auth.user.id, outcome: await claimOutcome(api, coupon.id))
                    }
                }
            }
            return await group.reduce(into: [CouponClaimAudit.Attempt]()) { $0.append($1) }
        }
        #expect(attempts.count == 280)
        #expect(try await remaining(server, coupon.id) == 0, "remaining falls as claims are won, before they are durable")

        await server.server.flushCoupons()
        let held = try await holdings(of: buyers, couponId: coupon.id)
        #expect(held.values.allSatisfy { $0.count == 1 }, "a buyer holds one copy at most")
        let violations = CouponClaimAudit.violations(of: attempts, stock: 50, holdings: held.compactMapValues(\.first))
        #expect(violations == [])
        #expect(try await holdings(of: buyers, couponId: coupon.id, status: .issued).count == 50)

        // Late claims change nothing: remaining stays 0 and nobody gains a second coupon.
        let late = await withTaskGroup(of: CouponClaimAudit.Attempt.self) { group in
            for buyer in buyers.prefix(60) {
                group.addTask { CouponClaimAudit.Attempt(buyer: buyer.auth.user.id, outcome: await claimOutcome(buyer.api, coupon.id)) }
            }
            return await group.reduce(into: [CouponClaimAudit.Attempt]()) { $0.append($1) }
        }
        #expect(late.allSatisfy { $0.outcome == .soldOut || $0.outcome == .alreadyClaimed })
        #expect(try await remaining(server, coupon.id) == 0)
        #expect(try await server.server.storage.coupon(id: coupon.id)?.issuedCount == 50)

        // Control: the same audit on this run's answers with one sold_out turned into a win.
        var forged = attempts
        let loser = try #require(forged.firstIndex { $0.outcome == .soldOut })
        forged[loser].outcome = .won(userCouponId: "ucp_forged")
        #expect(!CouponClaimAudit.violations(of: forged, stock: 50).isEmpty)
        let extra = forged[loser].buyer
        #expect(!CouponClaimAudit.violations(of: attempts, stock: 50,
                                             holdings: held.compactMapValues(\.first).merging([extra: "ucp_forged"]) { $1 }).isEmpty)
    }

    private func remaining(_ server: TestServer, _ couponId: String) async throws -> Int? {
        try await server.client().coupons().coupons.first { $0.id == couponId }?.remaining
    }
}
