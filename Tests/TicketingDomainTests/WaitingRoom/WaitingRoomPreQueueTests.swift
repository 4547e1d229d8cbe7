import TestSupport
import Foundation
import Testing
import TicketingDomain

@Suite struct WaitingRoomPreQueueTests {
    static let opens = epoch.addingTimeInterval(300)

    @Test func joinsBeforeOpeningAreInThePreQueueWithoutAPosition() throws {
        var room = QueueFixture.room(QueueFixture.policy(opensAt: Self.opens))
        #expect(room.join("a", now: epoch) == [.preQueued(userId: "a", joinedAt: epoch)])
        #expect(room.join("a", now: epoch.addingTimeInterval(1)).isEmpty, "joining twice is idempotent")
        let status = try #require(room.status(of: "a", now: epoch, inventory: QueueFixture.plenty))
        #expect(status == QueueStatus(state: .waiting, position: nil, ahead: nil, etaSeconds: nil, mayMissOut: false,
                                      preQueue: true))
        #expect(room.waitingCount == 1 && !room.isOpen)
        #expect(room.tick(now: Self.opens.addingTimeInterval(-0.001), inventory: QueueFixture.plenty).isEmpty,
                "nobody is admitted before the sale opens")
    }

    /// At opening the order is the published shuffle: anyone with the revealed key function and
    /// the list of pre-queue ids recomputes it, and the admission order follows it.
    @Test(arguments: DomainSeeds.list(5, salt: 5))
    func openingOrderIsTheReproducibleShuffle(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let key = fnvHexKey(seed: "revealed-\(seed)")
        var room = QueueFixture.room(QueueFixture.policy(rate: 1_000, opensAt: Self.opens), key: key)
        let users = QueueFixture.users(40).shuffled(using: &rng)
        for (i, user) in users.enumerated() { _ = room.join(user, now: epoch.addingTimeInterval(Double(i))) }
        let events = room.tick(now: Self.opens, inventory: QueueFixture.plenty)

        let published = NaiveWaitingRoom.publishedOrder(users, key: key)
        #expect(events.openedOrders == [published], "seed \(seed)")
        #expect(WaitingRoom.shuffled(users, key: key) == published, "seed \(seed)")
        #expect(WaitingRoom.shuffled(users.reversed(), key: key) == published, "join order does not matter")
        #expect(published != users.sorted(), "the key actually shuffles (seed \(seed))")
        for (rank, user) in published.enumerated() {
            #expect(room.ahead(user, now: Self.opens) == rank, "seed \(seed) \(user)")
        }
        #expect(room.status(of: published[0], now: Self.opens, inventory: QueueFixture.plenty)?.preQueue == false)
        let admitted = room.run(from: Self.opens.addingTimeInterval(1), seconds: 1).map(\.userId)
        #expect(admitted == published, "admission order is the published order (seed \(seed))")
    }

    @Test func shuffleTiesAreBrokenByUserId() {
        #expect(WaitingRoom.shuffled(["c", "a", "b"], key: { _ in "same" }) == ["a", "b", "c"])
        #expect(WaitingRoom.shuffled(["x", "y"], key: { $0 == "y" ? "0" : "1" }) == ["y", "x"])
        #expect(WaitingRoom.shuffled([], key: { $0 }).isEmpty)
    }

    @Test func lateJoinersQueueBehindTheWholePreQueue() {
        var room = QueueFixture.room(QueueFixture.policy(opensAt: Self.opens))
        room.joinAll(["p1", "p2", "p3"], now: epoch)
        let late = Self.opens.addingTimeInterval(1)
        let events = room.join("late", now: late)
        #expect(events.openedOrders.count == 1, "the first join after opening time opens the sale")
        #expect(events.last == .joined(userId: "late", seq: 3, joinedAt: late))
        #expect(room.ahead("late", now: late) == 3)
        #expect(room.isOpen)
    }

    @Test func joiningAtTheOpeningInstantIsNotPreQueue() {
        var room = QueueFixture.room(QueueFixture.policy(opensAt: Self.opens))
        #expect(room.join("a", now: Self.opens) == [.opened(order: []), .joined(userId: "a", seq: 0, joinedAt: Self.opens)])
        #expect(room.ahead("a", now: Self.opens) == 0)
    }

    @Test func leavingThePreQueueRemovesTheBuyerFromTheOrder() {
        let key = fnvHexKey(seed: "x")
        var room = QueueFixture.room(QueueFixture.policy(opensAt: Self.opens), key: key)
        let users = QueueFixture.users(6)
        room.joinAll(users, now: epoch)
        #expect(room.leave("u3") == [.left(userId: "u3")])
        #expect(room.waitingCount == 5)
        let events = room.tick(now: Self.opens, inventory: QueueFixture.plenty)
        #expect(events.openedOrders == [WaitingRoom.shuffled(users.filter { $0 != "u3" }, key: key)])
    }
}
