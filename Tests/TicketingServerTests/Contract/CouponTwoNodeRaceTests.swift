import Foundation
import Testing
import TicketingDomain
import TicketingRedis
@testable import TicketingServer
import TicketingStorage

/// Two nodes, one Redis, one database: 200 buyers claim one coupon on both nodes at once. The
/// count must be exact however the claims spread, which only a shared atomic decision gives.
@Suite("Race: one coupon claimed through two nodes")
struct CouponTwoNodeRaceTests {
    static let stock = 50
    static let buyers = 200

    @Test(.enabled(if: Backend.redisURL != nil, "needs QT_TEST_REDIS_URL (scripts/services.sh)"))
    func twoRedisNodesIssueExactlyTheStock() async throws {
        let url = try #require(Backend.redisURL)
        try await withTwoNodes { records in
            (RedisCouponClaims(records: records, pool: .redis(try RedisEndpoint(url: url)), logger: .quiet, clock: .system),
             RedisCouponClaims(records: records, pool: .redis(try RedisEndpoint(url: url)), logger: .quiet, clock: .system))
        } check: { nodes, records, coupon, attempts in
            #expect(attempts.count == Self.buyers * 2)
            await nodes.0.flush()
            await nodes.1.flush()
            let log = try #require(try await records.couponStock(couponId: coupon.coupon.id))
            #expect(CouponClaimAudit.violations(of: attempts, stock: Self.stock, holdings: log.claimants) == [])
            #expect(log.claimants.count == Self.stock)
            #expect(try await records.coupon(id: coupon.coupon.id)?.issuedCount == Self.stock)
            let left = (await nodes.0.remaining(of: coupon), await nodes.1.remaining(of: coupon))
            #expect(left == (0, 0))
            // A win made on one node is the buyer's on the other.
            let (buyer, id) = try #require(log.claimants.first)
            #expect(try await nodes.1.userCoupons(userId: buyer).map(\.id).contains(id))
            #expect(try await nodes.0.userCoupons(userId: buyer).map(\.id).contains(id))
        }
    }

    /// A win waiting for its batch is the buyer's on the node that made it (`pending`), as in the
    /// embedded mode, and `issued` everywhere once the batch commits.
    @Test(.enabled(if: Backend.redisURL != nil, "needs QT_TEST_REDIS_URL (scripts/services.sh)"))
    func aPendingWinIsListedByItsNodeAndIssuedOnceWritten() async throws {
        let url = try #require(Backend.redisURL)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-pending-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = try Storage(directory: directory)
        let pool = RedisPool.redis(try RedisEndpoint(url: url))
        let slow = RedisCouponClaims(records: records, pool: pool, logger: .quiet, clock: .system,
                                     batchInterval: .seconds(60))
        let other = RedisCouponClaims(records: records, pool: pool, logger: .quiet, clock: .system)
        let coupon = try await Self.seed(records, stock: 5)
        let buyer = Self.buyer(0)
        guard case .accepted(let id, .pending) = try await slow.claim(couponId: coupon.coupon.id, userId: buyer) else {
            Issue.record("the first claim should win, pending its batch")
            return
        }
        #expect(try await slow.userCoupons(userId: buyer).map { [$0.id, $0.status.rawValue] } == [[id, "pending"]])
        #expect(try await records.userCoupons(userId: buyer).isEmpty)
        // The other node already refuses a second win: Redis has the claim.
        #expect(try await other.claim(couponId: coupon.coupon.id, userId: buyer) == .refused(.alreadyClaimed(userCouponId: id)))
        await slow.flush()
        #expect(try await other.userCoupons(userId: buyer).map { [$0.id, $0.status.rawValue] } == [[id, "issued"]])
        #expect(try await slow.userCoupons(userId: buyer).map(\.status) == [.issued])
        await pool.shutdown()
    }

    /// A node that acknowledged a win and died inside its batch window left the win in Redis only
    /// (AOF-durable, never lost to the buyer); another node's reconcile copies it into the
    /// issuance log once, so it can be spent at checkout.
    @Test(.enabled(if: Backend.redisURL != nil, "needs QT_TEST_REDIS_URL (scripts/services.sh)"))
    func aWinLeftInRedisByADeadNodeIsCopiedToTheLogOnce() async throws {
        let url = try #require(Backend.redisURL)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-reconcile-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = try Storage(directory: directory)
        let pool = RedisPool.redis(try RedisEndpoint(url: url))
        let dying = RedisCouponClaims(records: records, pool: pool, logger: .quiet, clock: .system,
                                      batchInterval: .seconds(600))
        let survivor = RedisCouponClaims(records: records, pool: pool, logger: .quiet, clock: .system)
        let coupon = try await Self.seed(records, stock: 5)
        let buyer = Self.buyer(1)
        guard case .accepted(let id, .pending) = try await dying.claim(couponId: coupon.coupon.id, userId: buyer) else {
            Issue.record("the claim should win, pending its batch")
            return
        }
        #expect(try await records.userCoupons(userId: buyer).isEmpty, "the dying node never wrote its batch")
        #expect(try await survivor.reconcile(grace: .zero) == 1)
        #expect(try await records.userCoupons(userId: buyer).map { [$0.id, $0.status.rawValue] } == [[id, "issued"]])
        #expect(try await survivor.reconcile(grace: .zero) == 0, "a second reconcile copies nothing")
        await pool.shutdown()
    }

    /// The control: two nodes that each decide in their own memory (the embedded stock) tell
    /// more buyers they won than there are coupons, and the same audit says so.
    @Test func twoInMemoryNodesOverIssueAndTheAuditCatchesIt() async throws {
        try await withTwoNodes { records in
            (CouponService(storage: records, logger: .quiet, clock: .system),
             CouponService(storage: records, logger: .quiet, clock: .system))
        } check: { nodes, _, _, attempts in
            await nodes.0.flush()
            await nodes.1.flush()
            let won = attempts.filter { if case .won = $0.outcome { true } else { false } }.count
            #expect(won > Self.stock)
            #expect(!CouponClaimAudit.violations(of: attempts, stock: Self.stock).isEmpty)
        }
    }

    private func withTwoNodes<Node: CouponClaims>(
        _ make: (any DurableRecords) throws -> (Node, Node),
        check: ((Node, Node), any DurableRecords, CouponRecord, [CouponClaimAudit.Attempt]) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-two-nodes-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = try Storage(directory: directory)
        let nodes = try make(records)
        let coupon = try await Self.seed(records, stock: Self.stock)
        // Each buyer claims on both nodes at once: 400 claims, spread evenly, racing for 50.
        let attempts = try await withThrowingTaskGroup(of: CouponClaimAudit.Attempt.self) { group in
            for index in 0..<Self.buyers {
                let buyer = Self.buyer(index)
                for node in [nodes.0, nodes.1] {
                    group.addTask {
                        let result = try await node.claim(couponId: coupon.coupon.id, userId: buyer)
                        return CouponClaimAudit.Attempt(buyer: buyer, outcome: result.audited)
                    }
                }
            }
            return try await group.reduce(into: [CouponClaimAudit.Attempt]()) { $0.append($1) }
        }
        try await check(nodes, records, coupon, attempts)
    }

    static func buyer(_ index: Int) -> String { String(format: "usr_node%05d", index) }

    /// The coupon is created in the records only, as another node (or an earlier run) would
    /// have: each node here meets it first at its first claim.
    static func seed(_ records: any DurableRecords, stock: Int) async throws -> CouponRecord {
        let seller = "usr_seller"
        try await records.createUsers([user(seller, .seller)] + (0..<buyers).map { user(buyer($0), .buyer) })
        let coupon = Coupon(id: "cpn_nodes_\(UUID().uuidString.prefix(8))", name: "First \(stock)",
                            kind: try FixedAmountCoupon(CouponKindParameters(amount: 5_000)),
                            target: .seller(seller), perTicket: false, totalQuantity: stock,
                            fundedBy: .seller, sellerId: seller)
        let record = CouponRecord(coupon: coupon, createdBy: seller, createdAt: Date())
        try await records.createCoupon(record)
        return record
    }

    private static func user(_ id: String, _ role: Role) -> UserRecord {
        UserRecord(id: id, email: "\(id)@example.com", name: id, role: role, passwordHash: "-", createdAt: Date())
    }
}
