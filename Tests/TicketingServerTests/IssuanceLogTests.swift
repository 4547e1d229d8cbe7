import Foundation
import GRDB
import Testing
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

@Suite("Issuance log: group commit, second line of defence, restart")
struct IssuanceLogTests {
    static func entry(_ id: String, _ user: String, coupon: String = "cpn_rush") -> CouponIssuance {
        CouponIssuance(id: id, couponId: coupon, userId: user, claimedAt: Date())
    }

    @Test func theDatabaseRefusesOverIssueDuplicatesAndUnknownAccountsEntryByEntry() async throws {
        let fixture = try await CouponFixture.make(stock: 2, buyerCount: 3)
        let (b0, b1, b2) = (fixture.buyers[0], fixture.buyers[1], fixture.buyers[2])
        let refused = try await fixture.storage.appendIssuances([
            Self.entry("ucp_a", b0), Self.entry("ucp_ghost", "usr_nobody"), Self.entry("ucp_again", b0),
            Self.entry("ucp_b", b1), Self.entry("ucp_late", b2), Self.entry("ucp_x", b2, coupon: "cpn_none"),
        ])
        #expect(refused == ["ucp_ghost": .unknownUser, "ucp_again": .duplicate, "ucp_late": .soldOut,
                            "ucp_x": .unknownCoupon])
        let log = try #require(try await fixture.storage.couponStock(couponId: fixture.coupon.id))
        #expect(log.claimants == [b0: "ucp_a", b1: "ucp_b"])
        #expect(try await fixture.storage.coupon(id: fixture.coupon.id)?.issuedCount == 2)
    }

    @Test func theLogIsAppendOnlyAndTheCountCannotPassTheQuantity() async throws {
        let fixture = try await CouponFixture.make(stock: 1, buyerCount: 1)
        _ = try await fixture.storage.appendIssuances([Self.entry("ucp_a", fixture.buyers[0])])
        for sql in ["DELETE FROM couponIssuance", "UPDATE couponIssuance SET userId = userId",
                    "UPDATE coupon SET issuedCount = totalQuantity + 1"] {
            await #expect(throws: DatabaseError.self, "\(sql)") {
                try await fixture.storage.pool.write { db in try db.execute(sql: sql) }
            }
        }
        #expect(try await fixture.storage.couponStock(couponId: fixture.coupon.id)?.claimants.count == 1)
    }

    @Test func aClaimThatWaitsForItsBatchIsAnsweredIssued() async throws {
        let fixture = try await CouponFixture.make(stock: 3, buyerCount: 1, ackWait: .seconds(5))
        let result = try await fixture.claim(fixture.buyers[0])
        guard case .accepted(let id, let status) = result else {
            Issue.record("expected a win, got \(result)")
            return
        }
        #expect(status == .issued)
        // No flush: `issued` must already mean durable.
        #expect(try await fixture.storage.couponStock(couponId: fixture.coupon.id)?.claimants == [fixture.buyers[0]: id])
    }

    /// Another connection holds the write lock, so the log cannot commit: the claim is won but
    /// pending, the buyer sees it as pending, and it becomes issued once the lock is released.
    @Test func aClaimStaysPendingWhileItsBatchCannotCommitAndFlushWaitsForIt() async throws {
        let fixture = try await CouponFixture.make(stock: 3, buyerCount: 1)
        let buyer = fixture.buyers[0]
        let other = try Storage(directory: fixture.directory)
        let (held, holding) = AsyncStream<Void>.makeStream()
        let release = DispatchSemaphore(value: 0)
        let blocker = Task {
            try await other.pool.write { db in
                try db.execute(sql: "UPDATE user SET name = name WHERE id = ?", arguments: [buyer])
                holding.yield()
                release.wait()
            }
        }
        for await _ in held { break }

        let result = try await fixture.claim(buyer)
        #expect(result.audited != .soldOut)
        guard case .accepted(let id, .pending) = result else {
            Issue.record("expected a pending win, got \(result)")
            release.signal()
            return
        }
        #expect(try await fixture.service.userCoupons(userId: buyer).map(\.status) == [.pending])
        #expect(try await fixture.storage.userCoupons(userId: buyer).isEmpty)

        release.signal()
        try await blocker.value
        await fixture.service.flush()
        let mine = try await fixture.service.userCoupons(userId: buyer)
        #expect(mine.map(\.id) == [id] && mine.map(\.status) == [.issued])
        #expect(mine.first?.coupon == fixture.coupon)
    }

    @Test func aRestartRebuildsRemainingAndClaimantsFromTheLog() async throws {
        let fixture = try await CouponFixture.make(stock: 10, buyerCount: 15)
        var first: [String: String] = [:]
        for buyer in fixture.buyers.prefix(6) {
            if case .accepted(let id, _) = try await fixture.claim(buyer) { first[buyer] = id }
        }
        #expect(first.count == 6)
        await fixture.service.flush()

        let restarted = try fixture.restarted()
        let stock = try #require(try await restarted.stocks.stock(fixture.coupon.id))
        #expect(await stock.remaining == 4)
        for (buyer, id) in first {
            #expect(try await restarted.claim(couponId: fixture.coupon.id, userId: buyer)
                    == .refused(.alreadyClaimed(userCouponId: id)))
        }
        var outcomes: [CouponClaimAudit.Outcome] = []
        for buyer in fixture.buyers.dropFirst(6) {
            outcomes.append(try await restarted.claim(couponId: fixture.coupon.id, userId: buyer).audited)
        }
        #expect(outcomes.filter { if case .won = $0 { true } else { false } }.count == 4)
        #expect(outcomes.suffix(5) == Array(repeating: .soldOut, count: 5))
        await restarted.flush()
        #expect(try await fixture.storage.coupon(id: fixture.coupon.id)?.issuedCount == 10)
    }
}

@Suite("Issuance log: batching")
struct IssuanceLogBatchingTests {
    /// The timer never fires within the test, so only `flush` starts the writer: whatever has
    /// queued by then goes in as few transactions as `maxBatch` allows.
    @Test(arguments: [(maxBatch: 512, batches: 1), (maxBatch: 8, batches: 3)])
    func queuedClaimsGoInAsFewTransactionsAsTheBatchSizeAllows(maxBatch: Int, batches: Int) async throws {
        let fixture = try await CouponFixture.make(stock: 50, buyerCount: 20)
        let log = IssuanceLog(storage: fixture.storage, logger: .quiet, interval: .seconds(3_600), maxBatch: maxBatch)
        for (index, buyer) in fixture.buyers.enumerated() {
            await log.append(CouponIssuance(id: "ucp_\(index)", couponId: fixture.coupon.id, userId: buyer, claimedAt: Date()))
        }
        #expect(await log.outcome(of: "ucp_0", waitingUpTo: .zero) == .pending)
        #expect(await log.pending(userId: fixture.buyers[3]).map(\.id) == ["ucp_3"])
        await log.flush()
        #expect(await log.batchesCommitted == batches)
        #expect(await log.entriesCommitted == 20)
        #expect(await log.outcome(of: "ucp_19", waitingUpTo: .zero) == .issued)
        #expect(await log.pending(userId: fixture.buyers[3]).isEmpty)
        #expect(try await fixture.storage.couponStock(couponId: fixture.coupon.id)?.claimants.count == 20)
    }
}
