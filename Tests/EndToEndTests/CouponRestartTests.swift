import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol

@Suite("Coupons survive a restart")
struct CouponRestartTests {
    /// The first server's issuance log is told to wait a minute before writing, so every claim is
    /// still pending when it stops: the stop itself must flush them. The next server rebuilds
    /// remaining stock and claimants from the log.
    @Test func aStopFlushesAndTheNextServerRebuildsStockAndClaimants() async throws {
        let first = try await TestServer.start { $0.couponBatchInterval = .seconds(60) }
        let (seller, _) = try await first.signedUp("seller")
        let full = try await seller.createCoupon(CreateCouponRequest(name: "Twenty", kind: "fixed", amount: 2_000,
                                                                     totalQuantity: 20))
        let partial = try await seller.createCoupon(CreateCouponRequest(name: "Ten", kind: "percentage", percent: 5,
                                                                        totalQuantity: 10))
        let buyers = try await first.buyers(26)
        let attempts = await withTaskGroup(of: CouponClaimAudit.Attempt.self) { group in
            for buyer in buyers.prefix(25) {
                group.addTask { CouponClaimAudit.Attempt(buyer: buyer.auth.user.id, outcome: await claimOutcome(buyer.api, full.id)) }
            }
            return await group.reduce(into: [CouponClaimAudit.Attempt]()) { $0.append($1) }
        }
        #expect(CouponClaimAudit.violations(of: attempts, stock: 20) == [])
        // Which 20 of the 25 win the race is the server's order of arrival: the buyer checked
        // for two pending coupons is one who won it (buyers[0] lost it now and then).
        let winners = Set(attempts.compactMap { attempt -> String? in
            if case .won = attempt.outcome { return attempt.buyer }
            return nil
        })
        let fullWinner = try #require(buyers.prefix(25).first { winners.contains($0.auth.user.id) })
        var partialClaimants = Array(buyers.prefix(3))
        partialClaimants.append(partialClaimants.contains { $0.auth.user.id == fullWinner.auth.user.id } ? buyers[3] : fullWinner)
        for buyer in partialClaimants { _ = try await buyer.api.claimCoupon(partial.id) }
        let pending = try await fullWinner.api.myCoupons().coupons
        #expect(pending.count == 2 && pending.allSatisfy { $0.status == .pending })
        #expect(try await first.server.storage.coupon(id: full.id)?.issuedCount == 0, "nothing written before the stop")
        await first.stop()

        let second = try await TestServer.start(dataDirectory: first.dataDirectory)
        defer { Task { await second.stop() } }
        let listed = Dictionary(uniqueKeysWithValues: try await second.client().coupons().coupons.map { ($0.id, $0.remaining) })
        #expect(listed == [full.id: 0, partial.id: 6])

        let reconnected = buyers.map { (api: APIClient(host: "127.0.0.1", port: second.port, token: $0.auth.token), auth: $0.auth) }
        var won: [String: String] = [:]
        for attempt in attempts { if case .won(let id) = attempt.outcome { won[attempt.buyer] = id } }
        let held = try await holdings(of: reconnected, couponId: full.id, status: .issued)
        #expect(held.mapValues { $0.first ?? "" } == won)

        let winner = try #require(reconnected.first { won[$0.auth.user.id] != nil })
        #expect(await claimOutcome(winner.api, full.id) == .alreadyClaimed)
        let loser = try #require(reconnected.prefix(25).first { won[$0.auth.user.id] == nil })
        #expect(await claimOutcome(loser.api, full.id) == .soldOut)
        #expect(await claimOutcome(reconnected[0].api, partial.id) == .alreadyClaimed)
        if case .won = await claimOutcome(reconnected[25].api, partial.id) {} else {
            Issue.record("a new buyer should still win one of the remaining six")
        }
        #expect(try await second.client().coupons().coupons.first { $0.id == partial.id }?.remaining == 5)
    }
}
