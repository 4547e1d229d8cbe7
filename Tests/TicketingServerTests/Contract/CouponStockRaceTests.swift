import Foundation
import Testing
import TicketingDomain
import TicketingServer

@Suite("Race: coupon stock under contention, per backend")
struct CouponStockRaceTests {
    @Test(arguments: Backend.all)
    func tenThousandConcurrentClaimsOnAStockOfOneHundredMakeExactlyOneHundredWinners(backend: Backend) async throws {
        let under = try await backend.make()
        defer { Task { await under.teardown() } }
        let race = try await CouponRace.make(under, stock: 100, buyerCount: 2_500)
        // Every buyer claims four times at once: 10,000 claims racing for 100 coupons.
        let attempts = try await withThrowingTaskGroup(of: CouponClaimAudit.Attempt.self) { group in
            for _ in 0..<4 {
                for buyer in race.buyers {
                    group.addTask { CouponClaimAudit.Attempt(buyer: buyer, outcome: try await race.claim(buyer).audited) }
                }
            }
            return try await group.reduce(into: [CouponClaimAudit.Attempt]()) { $0.append($1) }
        }
        #expect(attempts.count == 10_000)
        await under.coupons.flush()
        let log = try #require(try await under.records.couponStock(couponId: race.coupon.id))
        #expect(CouponClaimAudit.violations(of: attempts, stock: 100, holdings: log.claimants) == [])
        #expect(try await under.records.coupon(id: race.coupon.id)?.issuedCount == 100)
    }

    /// The control: the audit the race relies on does catch each kind of violation.
    @Test func theAuditCatchesOverIssueDoubleWinsAndLies() {
        let fair = (0..<3).map { CouponClaimAudit.Attempt(buyer: "b\($0)", outcome: .won(userCouponId: "u\($0)")) }
            + [CouponClaimAudit.Attempt(buyer: "b3", outcome: .soldOut)]
        #expect(CouponClaimAudit.violations(of: fair, stock: 3) == [])

        let overIssued = fair.dropLast() + [CouponClaimAudit.Attempt(buyer: "b3", outcome: .won(userCouponId: "u3"))]
        #expect(CouponClaimAudit.violations(of: Array(overIssued), stock: 3).contains { $0.contains("4 claims won") })

        let twice = fair + [CouponClaimAudit.Attempt(buyer: "b0", outcome: .won(userCouponId: "u9"))]
        #expect(CouponClaimAudit.violations(of: twice, stock: 5).contains("buyer b0 won 2 times"))

        let earlySoldOut = Array(fair.dropFirst())
        #expect(!CouponClaimAudit.violations(of: earlySoldOut, stock: 3).isEmpty)

        let phantom = fair + [CouponClaimAudit.Attempt(buyer: "b4", outcome: .alreadyClaimed)]
        #expect(CouponClaimAudit.violations(of: phantom, stock: 3).contains("buyer b4 was told already_claimed but never won"))

        let lostInLog = ["b0": "u0", "b1": "u1"]
        #expect(!CouponClaimAudit.violations(of: fair, stock: 3, holdings: lostInLog).isEmpty)
    }

    @Test(arguments: Backend.all)
    func aBuyerRacingHimselfWinsOnceAndIsToldAlreadyClaimedOtherwise(backend: Backend) async throws {
        let under = try await backend.make()
        defer { Task { await under.teardown() } }
        let race = try await CouponRace.make(under, stock: 5, buyerCount: 1)
        let buyer = race.buyers[0]
        let results = try await withThrowingTaskGroup(of: CouponClaimResult.self) { group in
            for _ in 0..<50 { group.addTask { try await race.claim(buyer) } }
            return try await group.reduce(into: [CouponClaimResult]()) { $0.append($1) }
        }
        let won = results.filter { if case .accepted = $0 { true } else { false } }
        #expect(won.count == 1)
        #expect(results.filter { $0.audited == .alreadyClaimed }.count == 49)
        #expect(await under.coupons.remaining(of: race.record) == 4)
    }
}
