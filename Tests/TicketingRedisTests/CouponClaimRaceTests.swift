import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Coupon claims in Redis under contention", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct CouponClaimRaceTests {
    static func audited(_ claim: RedisCouponStock.Claim) -> CouponClaimAudit.Outcome {
        switch claim {
        case .won(let id): .won(userCouponId: id)
        case .already: .alreadyClaimed
        case .soldOut: .soldOut
        case .unloaded: .unexpected("unloaded")
        }
    }

    @Test func twoHundredClaimsByOneHundredBuyersHandOutExactlyTheStockOnePerBuyer() async throws {
        let pool = try RedisTestServer.pool()
        let stock = RedisCouponStock(pool: pool, keys: CouponKeys(couponId: "c1", performanceId: RedisTestServer.freshKeys().performanceId))
        #expect(try await stock.load(remaining: 30, claimants: [:]))
        #expect(try await stock.load(remaining: 999, claimants: [:]) == false, "a second node's load changes nothing")
        let attempts = try await race(200) { index in
            let buyer = "b\(index % 100)"
            let claim = try await stock.claim(buyer: buyer, userCouponId: "uc-\(index)")
            return (CouponClaimAudit.Attempt(buyer: buyer, outcome: Self.audited(claim)), claim)
        }
        let claimants = try await stock.claimants()
        #expect(CouponClaimAudit.violations(of: attempts.map(\.0), stock: 30, holdings: claimants) == [])
        #expect(try await stock.remaining() == 0)
        // A buyer told "already" is told the id they won.
        for (attempt, claim) in attempts {
            if case .already(let id) = claim { #expect(claimants[attempt.buyer] == id) }
        }
        await pool.shutdown()
    }

    @Test func loadedClaimantsKeepTheirCouponAndTheStockIsWhatIsLeft() async throws {
        let pool = try RedisTestServer.pool()
        let stock = RedisCouponStock(pool: pool, keys: CouponKeys(couponId: "c-\(UUID().uuidString)", performanceId: nil))
        #expect(stock.keys.stock.hasPrefix("{c:"))
        try await stock.load(remaining: 1, claimants: ["ann": "uc-ann"])
        #expect(try await stock.claim(buyer: "ann", userCouponId: "uc-new") == .already(userCouponId: "uc-ann"))
        #expect(try await stock.claim(buyer: "bob", userCouponId: "uc-bob") == .won(userCouponId: "uc-bob"))
        #expect(try await stock.claim(buyer: "cy", userCouponId: "uc-cy") == .soldOut)
        let unloaded = RedisCouponStock(pool: pool, keys: CouponKeys(couponId: "never-\(UUID().uuidString)", performanceId: nil))
        #expect(try await unloaded.claim(buyer: "ann", userCouponId: "x") == .unloaded)
        await pool.shutdown()
    }

    /// Control: get-then-set (GET the stock, then DECR and HSET in a second round trip) over-issues
    /// in the same rush, and the audit above reports it.
    @Test func aGetThenSetClaimIsCaughtByTheSameAudit() async throws {
        let pool = try RedisTestServer.pool()
        var problems: [String] = []
        for _ in 0..<5 where problems.isEmpty {
            let keys = CouponKeys(couponId: "c-\(UUID().uuidString)", performanceId: nil)
            let stock = RedisCouponStock(pool: pool, keys: keys)
            try await stock.load(remaining: 30, claimants: [:])
            let attempts = try await race(200) { index in
                let buyer = "b\(index % 100)"
                let state = try await pool.withConnection { connection in
                    try await connection.pipeline([["GET", keys.stock], ["HGET", keys.claimants, buyer]])
                }
                if state[1] != .null { return CouponClaimAudit.Attempt(buyer: buyer, outcome: .alreadyClaimed) }
                guard (state[0].int ?? 0) > 0 else { return CouponClaimAudit.Attempt(buyer: buyer, outcome: .soldOut) }
                await Task.yield()
                _ = try await pool.withConnection { connection in
                    try await connection.pipeline([["DECR", keys.stock], ["HSET", keys.claimants, buyer, "uc-\(index)"]])
                }
                return CouponClaimAudit.Attempt(buyer: buyer, outcome: .won(userCouponId: "uc-\(index)"))
            }
            problems = CouponClaimAudit.violations(of: attempts, stock: 30, holdings: try await stock.claimants())
        }
        #expect(!problems.isEmpty, "a get-then-set claim must over-issue within five rushes")
        await pool.shutdown()
    }
}
