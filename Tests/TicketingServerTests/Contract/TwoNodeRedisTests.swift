import Foundation
import TestSupport
import Testing
import TicketingDomain
import TicketingProtocol
import TicketingRedis
@testable import TicketingServer

/// Two nodes (two `RedisPerformanceStates`, each with its own pool and sockets) on one Redis:
/// what the buyers see must not depend on which node they reach.
@Suite("Two nodes on one Redis", .enabled(if: Backend.redisURL != nil, "QT_TEST_REDIS_URL is not set: run scripts/services.sh start DIR and source DIR/env"))
struct TwoNodeRedisTests {
    struct Nodes {
        let under: BackendUnderTest
        let b: RedisPerformanceStates
        let stopB: @Sendable () async -> Void
    }

    static func nodes() async throws -> Nodes {
        let under = try await Backend.distributed.make()
        let node = try Backend.redisNode(records: under.records)
        return Nodes(under: under, b: node.states) {
            await node.states.stopAll()
            await node.pool.shutdown()
        }
    }

    @Test func buyersOnBothNodesNeverShareASeat() async throws {
        let nodes = try await Self.nodes()
        let (onA, hall) = try await nodes.under.performance()
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let buyers = (0..<200).map { "usr_two\($0)" }
        for (index, buyer) in buyers.enumerated() {
            _ = try await (index.isMultiple(of: 2) ? onA : onB).join(userId: buyer)
        }
        try await waitUntil("every buyer admitted") {
            for buyer in buyers where await onB.status(userId: buyer)?.state != "admitted" { return false }
            return true
        }
        let pool = Array(hall.grades.flatMap(\.seatIds).prefix(40))
        let wins = try await withThrowingTaskGroup(of: [String]?.self) { group in
            for (index, buyer) in buyers.enumerated() {
                var generator = SplitMix64(seed: UInt64(index + 1))
                let wanted = Array(pool.shuffled(using: &generator).prefix(Int.random(in: 1...4, using: &generator)))
                let node = index.isMultiple(of: 2) ? onB : onA
                group.addTask {
                    switch try await node.holdIfAdmitted(userId: buyer, request: CreateHoldRequest(seatIds: wanted),
                                                         holdId: "hld_two_\(UUID().uuidString)") {
                    case .success(let hold)?: return hold.seatIds
                    case .failure(.unavailable)?: return nil
                    case let other: throw RaceFailure("\(buyer): \(String(describing: other))")
                    }
                }
            }
            return try await group.reduce(into: [[String]]()) { if let won = $1 { $0.append(won) } }
        }
        #expect(!wins.isEmpty)
        #expect(holdsAreDisjoint(wins))
        for node in [onA, onB] {
            let held = Set(await node.seatStates().seats.filter { $0.state == "held" }.map(\.id))
            #expect(held == Set(wins.joined()))
        }
        await nodes.stopB()
        await nodes.under.teardown()
    }

    @Test func aBuyersPlaceIsTheSameFromEitherNode() async throws {
        let nodes = try await Self.nodes()
        // Nobody is admitted at this rate while the test runs, so every place is a waiting one.
        let (onA, _) = try await nodes.under.performance(ratePerSecond: 0.0001)
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let buyers = (0..<60).map { "usr_place\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, buyer) in buyers.enumerated() {
                group.addTask { _ = try await (index.isMultiple(of: 2) ? onA : onB).join(userId: buyer) }
            }
            try await group.waitForAll()
        }
        var positions: [Int] = []
        for buyer in buyers {
            let fromA = try #require(await onA.status(userId: buyer))
            let fromB = try #require(await onB.status(userId: buyer))
            #expect(fromA == fromB)
            positions.append(try #require(fromA.position))
        }
        #expect(positions.sorted() == Array(1...buyers.count), "one place each, none shared, none skipped")
        // A buyer who leaves moves everyone behind up by one, on both nodes.
        var tenth: String?
        for buyer in buyers where await onA.status(userId: buyer)?.position == 10 { tenth = buyer }
        let leaving = try #require(tenth)
        #expect(try await onB.leave(userId: leaving))
        for buyer in buyers where buyer != leaving {
            #expect(await onA.status(userId: buyer) == (await onB.status(userId: buyer)))
        }
        #expect(await onA.stats().waiting == buyers.count - 1)
        // A subscriber on B sees its place move when someone ahead leaves on A.
        var at: [Int: String] = [:]
        for buyer in buyers { if let position = await onA.status(userId: buyer)?.position { at[position] = buyer } }
        let (watcher, ahead) = (try #require(at[20]), try #require(at[5]))
        let inbox = Inbox()
        await onB.subscribeQueue(userId: watcher, outlet: inbox.outlet)
        #expect(try await inbox.next(type: "queue.status")["position"] as? Int == 20)
        #expect(try await onA.leave(userId: ahead))
        #expect(try await inbox.next(type: "queue.status")["position"] as? Int == 19)
        await onB.unsubscribe(inbox.outlet)
        await nodes.stopB()
        await nodes.under.teardown()
    }

    /// B ranks its subscribers from its copy of the line, which follows what every node does:
    /// leaves on A, a disconnect grace running out and an admission on a third node, and a
    /// buyer who subscribed before joining. Each one's last push must say what its status says.
    @Test func everySubscriberIsToldItsExactPlaceWhateverNodeMovedTheLine() async throws {
        let nodes = try await Self.nodes()
        let (onA, _) = try await nodes.under.performance(ratePerSecond: 0.0001)
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let buyers = (0..<40).map { "usr_rank\($0)" }
        for (index, buyer) in buyers.enumerated() { _ = try await (index.isMultiple(of: 2) ? onA : onB).join(userId: buyer) }
        var inboxes: [String: Inbox] = [:]
        for buyer in buyers where buyer != "usr_rank1" && !buyer.hasSuffix("7") {
            let inbox = Inbox()
            inboxes[buyer] = inbox
            await onB.subscribeQueue(userId: buyer, outlet: inbox.outlet)
        }
        let early = Inbox()
        await onB.subscribeQueue(userId: "usr_rank_late", outlet: early.outlet)
        _ = try await onA.join(userId: "usr_rank_late")
        inboxes["usr_rank_late"] = early
        for buyer in ["usr_rank4", "usr_rank11", "usr_rank12", "usr_rank30"] { #expect(try await onA.leave(userId: buyer)) }
        // usr_rank17 drops its only socket; a node a day ahead runs the admission step past the
        // grace: 17 leaves the line and the head (usr_rank0) is admitted, one credit at this rate.
        let gone = Inbox()
        await onA.subscribeQueue(userId: "usr_rank17", outlet: gone.outlet)
        await onA.unsubscribe(gone.outlet)
        let later = try Self.lateNode(nodes, ahead: 86_400)
        _ = try await later.states.state(for: onA.id)
        // Reading stats is no sign of life (a status read would be, so they come after).
        try await waitUntil("usr_rank17 dropped and usr_rank0 admitted") { await onA.stats().waiting == 40 + 1 - 4 - 1 - 1 }
        await later.states.stopAll()
        await later.pool.shutdown()
        #expect(await onA.status(userId: "usr_rank17") == nil)
        #expect(await onA.status(userId: "usr_rank0")?.state == "admitted")
        let stats = await onA.stats()
        let subscribed = inboxes
        try await waitUntil("every subscriber's last push is its status") {
            for (buyer, inbox) in subscribed {
                // Out of the line and not admitted: nothing to push, as on the embedded backend.
                guard let status = await onA.status(userId: buyer) else { continue }
                let pushed = inbox.last(type: "queue.status")
                guard pushed?["position"] as? Int == status.position, pushed?["state"] as? String == status.state else {
                    return false
                }
            }
            return true
        }
        #expect(early.last(type: "queue.status")?["position"] as? Int == stats.waiting, "the last to join")
        #expect(inboxes["usr_rank2"]?.last(type: "queue.status")?["position"] as? Int == 2)
        #expect(inboxes["usr_rank0"]?.last(type: "queue.status")?["state"] as? String == "admitted")
        for inbox in inboxes.values { await onB.unsubscribe(inbox.outlet) }
        await nodes.stopB()
        await nodes.under.teardown()
    }

    @Test func aSeatDeltaMadeOnOneNodeReachesASubscriberOnTheOther() async throws {
        let nodes = try await Self.nodes()
        let (onA, hall) = try await nodes.under.performance()
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let inbox = Inbox()
        await onB.subscribeSeats(userId: "usr_watcher", outlet: inbox.outlet, after: nil)
        let snapshot = try await inbox.next(type: "seats.snapshot")
        let version = try #require(snapshot["version"] as? Int)
        let seats = Array(hall.grades.flatMap(\.seatIds).prefix(2))
        guard case .success = try await onA.hold(userId: "usr_holder", request: CreateHoldRequest(seatIds: seats),
                                                 holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the hold failed")
            return
        }
        let delta = try await inbox.next(type: "seats.delta")
        #expect(delta["version"] as? Int == version + 1)
        let changes = try #require(delta["changes"] as? [[String: Any]])
        #expect(Set(changes.compactMap { $0["id"] as? String }) == Set(seats))
        #expect(changes.allSatisfy { $0["state"] as? String == "held" })
        await onB.unsubscribe(inbox.outlet)
        await nodes.stopB()
        await nodes.under.teardown()
    }

    @Test func aSubscriberMovingToTheOtherNodeGetsExactlyTheDeltasItMissed() async throws {
        let nodes = try await Self.nodes()
        let (onA, hall) = try await nodes.under.performance()
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let seats = hall.grades.flatMap(\.seatIds)
        let first = Inbox()
        await onA.subscribeSeats(userId: "usr_mover", outlet: first.outlet, after: nil)
        let start = try #require(try await first.next(type: "seats.snapshot")["version"] as? Int)
        _ = try await onA.hold(userId: "usr_h0", request: CreateHoldRequest(seatIds: [seats[0]]), holdId: "hld_\(UUID().uuidString)")
        let seen = try #require(try await first.next(type: "seats.delta")["version"] as? Int)
        #expect(seen == start + 1)
        // The socket drops; three changes happen while the buyer is away, on both nodes.
        await onA.unsubscribe(first.outlet)
        _ = try await onA.hold(userId: "usr_h1", request: CreateHoldRequest(seatIds: [seats[1]]), holdId: "hld_\(UUID().uuidString)")
        _ = try await onB.hold(userId: "usr_h2", request: CreateHoldRequest(seatIds: [seats[2]]), holdId: "hld_\(UUID().uuidString)")
        _ = try await onA.hold(userId: "usr_h3", request: CreateHoldRequest(seatIds: [seats[3]]), holdId: "hld_\(UUID().uuidString)")
        let second = Inbox()
        await onB.subscribeSeats(userId: "usr_mover", outlet: second.outlet, after: seen)
        var versions: [Int] = []
        var changed: [String] = []
        for _ in 0..<3 {
            let delta = try await second.next(type: "seats.delta")
            versions.append(try #require(delta["version"] as? Int))
            changed += (delta["changes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(versions == [seen + 1, seen + 2, seen + 3])
        #expect(changed == [seats[1], seats[2], seats[3]])
        #expect(second.types() == ["seats.delta", "seats.delta", "seats.delta"], "no snapshot, nothing twice")
        // A version the map never reached is no place to resume from: a snapshot instead.
        let stranger = Inbox()
        await onB.subscribeSeats(userId: "usr_odd", outlet: stranger.outlet, after: seen + 1_000)
        #expect(try await stranger.next(type: "seats.snapshot")["version"] as? Int == seen + 3)
        await onB.unsubscribe(second.outlet)
        await onB.unsubscribe(stranger.outlet)
        await nodes.stopB()
        await nodes.under.teardown()
    }

    /// A node whose clock runs `ahead`: it ticks (admission, expiry sweep) as the other nodes
    /// will later, which is how a test makes "later" happen now on a shared Redis.
    static func lateNode(_ nodes: Nodes, ahead: TimeInterval) throws -> (states: RedisPerformanceStates, pool: RedisShutdown) {
        try Backend.redisNode(records: nodes.under.records, clock: WallClock { Date().addingTimeInterval(ahead) })
    }

    @Test func anExpirySweptByAnyNodeReachesTheBuyersSocketOnAnother() async throws {
        let nodes = try await Self.nodes()
        let (onA, hall) = try await nodes.under.performance()
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let inbox = Inbox()
        await onB.subscribeQueue(userId: "usr_late", outlet: inbox.outlet)
        let seat = try #require(hall.grades.first?.seatIds.first)
        guard case .success(let hold) = try await onA.hold(userId: "usr_late", request: CreateHoldRequest(seatIds: [seat]),
                                                           holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the hold failed")
            return
        }
        let sweeper = try Self.lateNode(nodes, ahead: 3_600)
        _ = try await sweeper.states.state(for: onA.id)
        let expired = try await inbox.next(type: "hold.expired")
        #expect(expired["holdId"] as? String == hold.holdId)
        #expect(await onB.seatStates().seats.first { $0.id == seat }?.state == "available")
        await sweeper.states.stopAll()
        await sweeper.pool.shutdown()
        await onB.unsubscribe(inbox.outlet)
        await nodes.stopB()
        await nodes.under.teardown()
    }

    @Test func anAdmissionAndAnOrderUpdateMadeOnOneNodeReachTheBuyerOnTheOther() async throws {
        let nodes = try await Self.nodes()
        let (onA, _) = try await nodes.under.performance(opensIn: 600)
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let waiting = try await onA.join(userId: "usr_waits")
        #expect(waiting.state == "waiting" && waiting.preQueue == true && waiting.admissionToken == nil)
        let inbox = Inbox()
        await onB.subscribeQueue(userId: "usr_waits", outlet: inbox.outlet)
        #expect(try await inbox.next(type: "queue.status")["state"] as? String == "waiting")
        // The sale opens on a node whose clock is past the opening: it admits, B tells the buyer.
        let opener = try Self.lateNode(nodes, ahead: 900)
        _ = try await opener.states.state(for: onA.id)
        let admitted = try await inbox.next(type: "queue.admitted")
        let token = try #require(admitted["admissionToken"] as? String)
        #expect(Backend.tokens.isValid(token, performanceId: onA.id, userId: "usr_waits", now: Date()))
        #expect(!Backend.tokens.isValid(token, performanceId: onA.id, userId: "usr_other", now: Date()))
        // B reads its subscribers' places every push interval and sends what changed.
        #expect(try await inbox.next(type: "queue.status")["state"] as? String == "admitted")
        await onA.notify(OrderUpdatedPush(orderId: "ord_x", status: "paid", failureCode: nil), userId: "usr_waits")
        let update = try await inbox.next(type: "order.updated")
        #expect(update["orderId"] as? String == "ord_x" && update["status"] as? String == "paid")
        await opener.states.stopAll()
        await opener.pool.shutdown()
        await onB.unsubscribe(inbox.outlet)
        await nodes.stopB()
        await nodes.under.teardown()
    }

    /// Buyers who join before the opening, on either node, are lined up in the seeded shuffle
    /// anyone can recompute once the seed is revealed, ahead of everyone who joins later.
    @Test func thePreQueueIsTheSeededShuffleOnEveryNode() async throws {
        let nodes = try await Self.nodes()
        let (onA, _) = try await nodes.under.performance(ratePerSecond: 0.0001, opensIn: 600)
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let early = (0..<24).map { "usr_early\($0)" }
        for (index, buyer) in early.enumerated() { _ = try await (index.isMultiple(of: 2) ? onA : onB).join(userId: buyer) }
        let before = await onA.stats()
        #expect(before.seed == nil && before.preQueueOrder == nil)
        let later = try Self.lateNode(nodes, ahead: 900)
        let opened = try #require(try await later.states.state(for: onA.id))
        _ = try await opened.join(userId: "usr_late")
        let stats = await opened.stats()
        let seed = try #require(stats.seed)
        #expect(Crypto.sha256(Array(seed.utf8)).hex == before.seedCommitment)
        let expected = WaitingRoom.shuffled(early) { Crypto.sha256(Array((seed + ":" + $0).utf8)).hex }
        #expect(expected != early, "the shuffle moved someone")
        #expect(stats.preQueueOrder == expected)
        for (index, buyer) in expected.enumerated() {
            #expect(await opened.status(userId: buyer)?.position == index + 1)
        }
        #expect(await opened.status(userId: "usr_late")?.position == early.count + 1)
        await later.states.stopAll()
        await later.pool.shutdown()
        await nodes.stopB()
        await nodes.under.teardown()
    }

    /// The disconnect grace across nodes: a buyer whose last socket closed loses the place once
    /// the grace is over, unless they came back meanwhile (here: asked for their status on the
    /// other node); a buyer still connected somewhere keeps it.
    @Test func aPlaceOutlivesADisconnectOnlyForTheGrace() async throws {
        let nodes = try await Self.nodes()
        let (onA, _) = try await nodes.under.performance(ratePerSecond: 0.0001)
        let onB = try #require(try await nodes.b.state(for: onA.id))
        for buyer in ["usr_gone", "usr_back", "usr_stays"] { _ = try await onA.join(userId: buyer) }
        let sockets = ["usr_gone": Inbox(), "usr_back": Inbox(), "usr_stays": Inbox()]
        for (buyer, inbox) in sockets { await onB.subscribeQueue(userId: buyer, outlet: inbox.outlet) }
        await onB.unsubscribe(try #require(sockets["usr_gone"]).outlet)
        await onB.unsubscribe(try #require(sockets["usr_back"]).outlet)
        #expect(await onA.status(userId: "usr_back")?.state == "waiting")
        // A node 90 s ahead runs the admission step past the 60 s grace.
        let later = try Self.lateNode(nodes, ahead: 90)
        _ = try await later.states.state(for: onA.id)
        // Reading stats is no sign of life (a status read would be, so they come after).
        try await waitUntil("the disconnected buyer loses the place") { await onA.stats().waiting == 2 }
        #expect(await onA.status(userId: "usr_gone") == nil)
        #expect(await onB.status(userId: "usr_back")?.position == 1)
        #expect(await onB.status(userId: "usr_stays")?.position == 2)
        await later.states.stopAll()
        await later.pool.shutdown()
        await onB.unsubscribe(try #require(sockets["usr_stays"]).outlet)
        await nodes.stopB()
        await nodes.under.teardown()
    }

    /// An admission token stays a valid signature until it expires; the hold checks, in the
    /// same script, that the admission is still live on the shared line: leaving on one node or
    /// a paid order ends it for holds on every node.
    @Test func anEndedAdmissionHoldsNothingOnAnyNode() async throws {
        let nodes = try await Self.nodes()
        let (onA, hall) = try await nodes.under.performance()
        let onB = try #require(try await nodes.b.state(for: onA.id))
        let seats = hall.grades.flatMap(\.seatIds)
        for buyer in ["usr_leaves", "usr_pays"] { _ = try await onA.join(userId: buyer) }
        try await waitUntil("both admitted") {
            let leaves = await onB.status(userId: "usr_leaves")?.state
            let pays = await onB.status(userId: "usr_pays")?.state
            return leaves == "admitted" && pays == "admitted"
        }
        #expect(try await onB.leave(userId: "usr_leaves"))
        #expect(try await onA.holdIfAdmitted(userId: "usr_leaves", request: CreateHoldRequest(seatIds: [seats[0]]),
                                             holdId: "hld_\(UUID().uuidString)") == nil)
        guard case .success(let hold)? = try await onA.holdIfAdmitted(userId: "usr_pays", request: CreateHoldRequest(seatIds: [seats[1]]),
                                                                      holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("an admitted buyer's hold failed")
            return
        }
        #expect(try await onB.pinForPayment(holdId: hold.holdId, orderId: "ord_p"))
        try await onB.applyPaid(holdId: hold.holdId, orderId: "ord_p", userId: "usr_pays")
        #expect(try await onA.holdIfAdmitted(userId: "usr_pays", request: CreateHoldRequest(seatIds: [seats[2]]),
                                             holdId: "hld_\(UUID().uuidString)") == nil)
        #expect(await onA.seatStates().seats.first { $0.id == seats[1] }?.state == "sold")
        #expect(await onA.seatStates().seats.first { $0.id == seats[0] }?.state == "available")
        await nodes.stopB()
        await nodes.under.teardown()
    }
}
