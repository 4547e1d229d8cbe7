import Foundation
import Testing
import TicketingDomain

@Suite struct WaitingRoomAdmissionTests {
    @Test func admitsInJoinOrderAtTheConfiguredRate() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 2))
        let users = QueueFixture.users(20)
        room.joinAll(users, now: epoch)
        let admitted = room.run(from: epoch, seconds: 5)
        #expect(admitted.map(\.userId) == Array(users.prefix(10)))
        let perSecond = Dictionary(grouping: admitted, by: { $0.time }).mapValues(\.count)
        #expect(perSecond.values.allSatisfy { $0 == 2 }, "two each second after the first tick: \(perSecond)")
        #expect(room.ahead("u10", now: epoch.addingTimeInterval(5)) == 0)
        #expect(room.status(of: "u19", now: epoch.addingTimeInterval(5), inventory: QueueFixture.plenty)?.position == 10)
    }

    @Test func admittedBuyersHavePositionZero() throws {
        var room = QueueFixture.room(QueueFixture.policy(rate: 5))
        room.joinAll(["a", "b"], now: epoch)
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        let now = epoch.addingTimeInterval(1)
        let events = room.tick(now: now, inventory: QueueFixture.plenty)
        #expect(events == [.admitted(userId: "a", expiresAt: now.addingTimeInterval(600)),
                           .admitted(userId: "b", expiresAt: now.addingTimeInterval(600))])
        let status = try #require(room.status(of: "a", now: now, inventory: QueueFixture.plenty))
        #expect(status == QueueStatus(state: .admitted, position: 0, ahead: 0, etaSeconds: 0, mayMissOut: false,
                                      admissionExpiresAt: now.addingTimeInterval(600)))
        #expect(room.waitingCount == 0 && room.activeCount == 2)
    }

    @Test func neverMoreThanMaxActiveAndCompletionFreesASlot() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 100, maxActive: 3))
        room.joinAll(QueueFixture.users(10), now: epoch)
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        #expect(room.tick(now: epoch.addingTimeInterval(1), inventory: QueueFixture.plenty).admittedUsers
            == ["u0", "u1", "u2"])
        #expect(room.tick(now: epoch.addingTimeInterval(2), inventory: QueueFixture.plenty).admittedUsers.isEmpty)
        #expect(room.activeCount == 3)
        #expect(room.complete("u1") == [.admissionEnded(userId: "u1")])
        #expect(room.complete("u1").isEmpty, "completing twice does nothing")
        #expect(room.complete("u7").isEmpty, "a waiting buyer has no admission to complete")
        #expect(room.tick(now: epoch.addingTimeInterval(3), inventory: QueueFixture.plenty).admittedUsers == ["u3"])
        #expect(room.leave("u0") == [.admissionEnded(userId: "u0")], "an admitted buyer leaving frees the slot")
        #expect(room.tick(now: epoch.addingTimeInterval(4), inventory: QueueFixture.plenty).admittedUsers == ["u4"])
        #expect(room.activeCount == 3)
    }

    /// 0.5/s: one buyer every 2 s of injected time, whatever the tick interval.
    @Test(arguments: [0.25, 0.5, 1.0])
    func fractionalRateAdmitsOneEveryTwoSeconds(tickEvery step: Double) {
        var room = QueueFixture.room(QueueFixture.policy(rate: 0.5))
        room.joinAll(QueueFixture.users(100), now: epoch)
        let admitted = room.run(from: epoch, seconds: 60, step: step)
        #expect(admitted.count == 30, "60 s at 0.5/s")
        let gaps = zip(admitted.dropFirst(), admitted).map { $0.time.timeIntervalSince($1.time) }
        #expect(gaps.allSatisfy { $0 == 2 }, "gaps \(gaps)")
        #expect(admitted.map(\.userId) == QueueFixture.users(30))
    }

    @Test func aStallBanksAtMostOneSecondOfCredit() {
        for (rate, expected) in [(2.0, 2), (0.5, 1), (7.0, 7)] {
            var room = QueueFixture.room(QueueFixture.policy(rate: rate))
            room.joinAll(QueueFixture.users(50), now: epoch)
            _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
            let afterStall = room.tick(now: epoch.addingTimeInterval(100), inventory: QueueFixture.plenty)
            #expect(afterStall.admittedUsers.count == expected, "rate \(rate) after a 100 s stall")
        }
    }

    @Test func anEmptyQueueBanksAtMostOneSecondOfCredit() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 2))
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        let later = epoch.addingTimeInterval(50)
        _ = room.tick(now: later, inventory: QueueFixture.plenty)
        room.joinAll(QueueFixture.users(20), now: later)
        #expect(room.tick(now: later, inventory: QueueFixture.plenty).admittedUsers == ["u0", "u1"])
    }

    @Test func admissionExpiryFreesTheSlot() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 10, maxActive: 1, ttl: 30))
        room.joinAll(["a", "b"], now: epoch)
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        let admittedAt = epoch.addingTimeInterval(1)
        #expect(room.tick(now: admittedAt, inventory: QueueFixture.plenty).admittedUsers == ["a"])
        let justBefore = admittedAt.addingTimeInterval(29.5)
        #expect(room.tick(now: justBefore, inventory: QueueFixture.plenty).isEmpty)
        #expect(room.state("a", now: justBefore) == .admitted)
        #expect(room.ahead("b", now: justBefore) == 0)
        let expiry = admittedAt.addingTimeInterval(30)
        #expect(!room.isAdmitted("a", now: expiry), "the admission ends at its expiry")
        let events = room.tick(now: expiry, inventory: QueueFixture.plenty)
        #expect(events == [.admissionEnded(userId: "a"),
                           .admitted(userId: "b", expiresAt: expiry.addingTimeInterval(30))])
        #expect(room.status(of: "a", now: expiry, inventory: QueueFixture.plenty) == nil)
        #expect(room.activeCount == 1)
    }

    @Test func joiningTwiceKeepsThePlaceAndTheAdmission() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 1))
        room.joinAll(QueueFixture.users(4), now: epoch)
        #expect(room.join("u2", now: epoch.addingTimeInterval(5)).isEmpty)
        #expect(room.ahead("u2", now: epoch.addingTimeInterval(5)) == 2)
        #expect(room.waitingCount == 4)
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        _ = room.tick(now: epoch.addingTimeInterval(1), inventory: QueueFixture.plenty)
        #expect(room.join("u0", now: epoch.addingTimeInterval(2)).isEmpty, "the live admission is kept")
        #expect(room.state("u0", now: epoch.addingTimeInterval(2)) == .admitted)
        #expect(room.waitingCount == 3)
    }

    @Test func rejoiningAfterLeavingGoesToTheBack() {
        var room = QueueFixture.room(QueueFixture.policy())
        room.joinAll(QueueFixture.users(4), now: epoch)
        _ = room.leave("u0")
        #expect(room.join("u0", now: epoch) == [.joined(userId: "u0", seq: 4, joinedAt: epoch)])
        #expect(room.ahead("u0", now: epoch) == 3)
        _ = room.tick(now: epoch, inventory: QueueFixture.plenty)
        let order = room.run(from: epoch.addingTimeInterval(1), seconds: 3).map(\.userId)
        #expect(order == ["u1", "u2", "u3", "u0"], "the old place is not admitted twice")
    }

    @Test func leavingMovesEveryoneBehindUp() {
        var room = QueueFixture.room(QueueFixture.policy())
        room.joinAll(QueueFixture.users(5), now: epoch)
        #expect(room.leave("u1") == [.left(userId: "u1")])
        #expect(room.leave("u1").isEmpty, "leaving twice does nothing")
        #expect(room.leave("stranger").isEmpty)
        #expect(["u0", "u2", "u3", "u4"].map { room.ahead($0, now: epoch) } == [0, 1, 2, 3])
        #expect(room.status(of: "u1", now: epoch, inventory: QueueFixture.plenty) == nil)
        #expect(room.waitingCount == 4)
    }
}
