import Foundation
import Testing
import TicketingDomain

@Suite struct WaitingRoomGraceTests {
    @Test func reconnectingWithinTheGraceKeepsThePlace() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 0, grace: 10))
        room.joinAll(QueueFixture.users(3), now: epoch)
        room.disconnected("u1", now: epoch)
        #expect(room.tick(now: epoch.addingTimeInterval(9.9), inventory: QueueFixture.plenty).isEmpty)
        room.reconnected("u1")
        #expect(room.tick(now: epoch.addingTimeInterval(60), inventory: QueueFixture.plenty).isEmpty)
        #expect(room.ahead("u1", now: epoch.addingTimeInterval(60)) == 1)
    }

    @Test func joiningAgainCountsAsReconnecting() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 0, grace: 10))
        room.joinAll(QueueFixture.users(3), now: epoch)
        room.disconnected("u1", now: epoch)
        #expect(room.join("u1", now: epoch.addingTimeInterval(5)).isEmpty)
        #expect(room.tick(now: epoch.addingTimeInterval(60), inventory: QueueFixture.plenty).isEmpty)
        #expect(room.ahead("u1", now: epoch.addingTimeInterval(60)) == 1)
    }

    @Test func theGraceRunningOutDropsTheBuyerAndMovesOthersUp() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 0, grace: 10))
        room.joinAll(QueueFixture.users(3), now: epoch)
        room.disconnected("u1", now: epoch)
        let expiry = epoch.addingTimeInterval(10)
        #expect(room.tick(now: expiry, inventory: QueueFixture.plenty) == [.left(userId: "u1")])
        #expect(room.status(of: "u1", now: expiry, inventory: QueueFixture.plenty) == nil)
        #expect(room.ahead("u2", now: expiry) == 1)
        #expect(room.tick(now: expiry.addingTimeInterval(10), inventory: QueueFixture.plenty).isEmpty,
                "dropped once")
    }

    @Test func disconnectingWhenNotInLineIsIgnored() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 0, grace: 10))
        room.disconnected("nobody", now: epoch)
        _ = room.join("nobody", now: epoch.addingTimeInterval(1))
        #expect(room.tick(now: epoch.addingTimeInterval(60), inventory: QueueFixture.plenty).isEmpty)
        #expect(room.ahead("nobody", now: epoch.addingTimeInterval(60)) == 0)
    }

    /// Found by the model test: a buyer who dropped off the socket while waiting and was admitted
    /// before the grace ran out lost the admission when it did (and someone else got the slot
    /// while the first buyer's token was still valid).
    @Test func anAdmissionIsNotEndedByAnEarlierDisconnect() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 1, maxActive: 1, ttl: 600, grace: 10))
        room.joinAll(["a", "b"], now: epoch)
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        room.disconnected("a", now: epoch)
        #expect(room.tick(now: epoch.addingTimeInterval(1), inventory: QueueFixture.plenty).admittedUsers == ["a"])
        let afterGrace = epoch.addingTimeInterval(30)
        #expect(room.tick(now: afterGrace, inventory: QueueFixture.plenty).isEmpty)
        #expect(room.state("a", now: afterGrace) == .admitted)
        #expect(room.ahead("b", now: afterGrace) == 0)
    }

    @Test func aDisconnectedPreQueueBuyerIsDroppedToo() {
        let opens = epoch.addingTimeInterval(100)
        var room = QueueFixture.room(QueueFixture.policy(rate: 0, opensAt: opens, grace: 10))
        room.joinAll(["a", "b"], now: epoch)
        room.disconnected("a", now: epoch)
        #expect(room.tick(now: epoch.addingTimeInterval(10), inventory: QueueFixture.plenty) == [.left(userId: "a")])
        #expect(room.waitingCount == 1)
        #expect(room.tick(now: opens, inventory: QueueFixture.plenty) == [.opened(order: ["b"])])
    }
}
