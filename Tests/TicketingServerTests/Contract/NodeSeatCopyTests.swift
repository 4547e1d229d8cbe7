import Foundation
import Testing
import TicketingDomain
import TicketingProtocol
import TicketingRedis
@testable import TicketingServer

/// A distributed node picks best-available from its own copy of the seat map, kept level from
/// the change stream rather than re-read whole (RedisPerformanceState+Mirror.swift), and a paid
/// order's sale outlasts a Redis pool run dry. Named `…Node…Tests` so `.ci/test` runs it with the
/// other Redis suites, one test at a time.
@Suite("A node's copy of the seat map", .enabled(if: Backend.redisURL != nil, "QT_TEST_REDIS_URL is not set"))
struct NodeSeatCopyTests {
    @Test func anotherNodesHoldReachesTheCopyThroughTheStream() async throws {
        let under = try await Backend.distributed.make()
        let (created, _) = try await under.performance()
        let onA = try #require(created as? RedisPerformanceState)
        let nodeB = try Backend.redisNode(records: under.records)
        let onB = try #require(try await nodeB.states.state(for: created.id))
        guard case .success(let first) = try await onA.hold(userId: "usr_a1", request: CreateHoldRequest(grade: "R", count: 2),
                                                            holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the first pick failed")
            return
        }
        // What A would pick next, taken on B; and a mark only A's copy has (a whole read would drop it).
        let next = try #require(await onA.seatMirror?.inventory.bestAvailable(grade: "R", count: 2, allowSplit: false,
                                                                               own: [], reserved: []))
        guard case .success = try await onB.hold(userId: "usr_b", request: CreateHoldRequest(seatIds: next),
                                                 holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("B's hold failed")
            return
        }
        let probe = try #require(await onA.seatMirror?.inventory.seats.last?.id)
        await onA.markInMirror([probe], as: .sold(orderId: "probe"))
        try await onA.syncMirror(fresh: true)

        let copy = try #require(await onA.seatMirror)
        #expect(next.allSatisfy { copy.inventory.status(of: $0) == .held(holdId: "") }, "B's hold is in A's copy")
        #expect(first.seatIds.allSatisfy { copy.inventory.status(of: $0) == .held(holdId: "") })
        #expect(copy.inventory.status(of: probe) == .sold(orderId: "probe"), "caught up in place, not read whole")
        #expect(copy.version == (try await onA.map.snapshot().version))
        guard case .success(let second) = try await onA.hold(userId: "usr_a2", request: CreateHoldRequest(grade: "R", count: 2),
                                                             holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the pick after B's hold failed")
            return
        }
        #expect(Set(second.seatIds).isDisjoint(with: next + first.seatIds))
        await nodeB.states.stopAll()
        await nodeB.pool.shutdown()
        await under.teardown()
    }

    @Test func aBuyersOwnHoldCountsAsFreeForTheirNextPickOnAnyNode() async throws {
        let under = try await Backend.distributed.make()
        let (created, _) = try await under.performance(hall: "theatre.hall")
        let nodeB = try Backend.redisNode(records: under.records)
        let onB = try #require(try await nodeB.states.state(for: created.id))
        guard case .success(let first) = try await created.hold(userId: "usr_me", request: CreateHoldRequest(grade: "R", count: 2),
                                                                holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the first pick failed")
            return
        }
        // The best pair again, asked on the other node: the buyer's own seats are free for them.
        guard case .success(let again) = try await onB.hold(userId: "usr_me", request: CreateHoldRequest(grade: "R", count: 2),
                                                            holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the second pick failed")
            return
        }
        #expect(again.seatIds.sorted() == first.seatIds.sorted())
        await nodeB.states.stopAll()
        await nodeB.pool.shutdown()
        await under.teardown()
    }

    @Test func aPaidSaleOutlastsARedisPoolRunDry() async throws {
        let under = try await Backend.distributed.make()
        let (created, hall) = try await under.performance()
        let endpoint = try RedisEndpoint(url: try #require(Backend.redisURL))
        // One connection and a short acquire deadline: a request beside a busy one times out.
        let pool = RedisPool.redis(endpoint, options: .init(maxConnections: 1, acquireTimeout: .milliseconds(100)))
        let tails = RedisPool.redis(endpoint, options: .init(maxConnections: 2, acquireTimeout: .seconds(20)))
        let states = RedisPerformanceStates(pool: pool, tailPool: tails, records: under.records, tokens: Backend.tokens,
                                            clock: .system, logger: .quiet,
                                            settings: .init(tick: .seconds(30), pushInterval: 30))
        let show = try #require(try await states.state(for: created.id))
        let seat = try #require(hall.grades.first?.seatIds.first)
        guard case .success(let hold) = try await show.hold(userId: "usr_pays", request: CreateHoldRequest(seatIds: [seat]),
                                                            holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the hold failed")
            return
        }
        #expect(try await show.pinForPayment(holdId: hold.holdId, orderId: "ord_dry"))
        // The only connection stays busy past what a bounded retry waited (about 3.7 s).
        let (busy, signal) = AsyncStream<Void>.makeStream()
        let blocker = Task {
            try await pool.withConnection { _ in
                signal.yield()
                try await Task.sleep(for: .seconds(4.5))
            }
        }
        var started = busy.makeAsyncIterator()
        _ = await started.next()
        try await show.applyPaid(holdId: hold.holdId, orderId: "ord_dry", userId: "usr_pays")
        try await blocker.value
        #expect(await created.seatStates().seats.first { $0.id == seat }?.state == "sold")
        await states.stopAll()
        await pool.shutdown()
        await tails.shutdown()
        await under.teardown()
    }
}
