import Foundation
import Testing
import TicketingDomain

/// `mayMissOut` and `sold_out` follow the seats left, per docs/API.md "Waiting room".
@Suite struct WaitingRoomInventoryTests {
    /// ahead × maxSeatsPerOrder ≥ seatsLeft, with seatsLeft = available.
    @Test(arguments: [
        (4, 10, 0, false), (4, 10, 2, false), (4, 10, 3, true), (4, 8, 2, true), (4, 9, 2, false),
        (1, 5, 4, false), (1, 5, 5, true), (2, 0, 0, true), (6, 1, 0, false), (6, 1, 1, true),
    ])
    func mayMissOutFollowsTheFormula(maxSeats: Int, available: Int, ahead: Int, expected: Bool) throws {
        var room = QueueFixture.room(QueueFixture.policy(maxSeats: maxSeats))
        room.joinAll(QueueFixture.users(ahead + 1), now: epoch)
        let inventory = InventoryLevel(available: available, held: 3)
        let status = try #require(room.status(of: "u\(ahead)", now: epoch, inventory: inventory))
        #expect(status.ahead == ahead)
        #expect(status.mayMissOut == expected)
        #expect(status.state == .waiting, "held seats may come back, so not sold out")
    }

    @Test func mayMissOutCountsOnlyBuyersStillWaiting() throws {
        var room = QueueFixture.room(QueueFixture.policy(rate: 100, maxSeats: 4))
        room.joinAll(QueueFixture.users(6), now: epoch)
        let inventory = InventoryLevel(available: 10, held: 0)
        #expect(room.status(of: "u5", now: epoch, inventory: inventory)?.mayMissOut == true)
        _ = room.leave("u0")
        _ = room.leave("u1")
        _ = room.leave("u2")
        #expect(room.status(of: "u5", now: epoch, inventory: inventory)?.mayMissOut == false, "2 × 4 < 10")
    }

    @Test func soldOutOnlyWhenNothingIsAvailableOrHeld() throws {
        var room = QueueFixture.room(QueueFixture.policy(rate: 10))
        room.joinAll(QueueFixture.users(3), now: epoch)
        let soldOut = InventoryLevel(available: 0, held: 0)
        #expect(soldOut.soldOut)
        #expect(!InventoryLevel(available: 0, held: 1).soldOut)
        #expect(!InventoryLevel(available: 1, held: 0).soldOut)

        let status = try #require(room.status(of: "u2", now: epoch, inventory: soldOut))
        #expect(status.state == .soldOut)
        #expect(status.position == 3 && status.ahead == 2, "a sold-out buyer keeps the place")
        #expect(room.state("u2", now: epoch, inventory: InventoryLevel(available: 0, held: 2)) == .waiting)
    }

    @Test func noAdmissionWhileNothingIsFreeAndTheLineResumesAfter() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 10))
        room.joinAll(QueueFixture.users(3), now: epoch)
        let soldOut = InventoryLevel(available: 0, held: 0)
        _ = room.tick(now: epoch, inventory: soldOut)
        for second in 1...5 {
            #expect(room.tick(now: epoch.addingTimeInterval(Double(second)), inventory: soldOut).isEmpty)
        }
        #expect(room.waitingCount == 3 && room.activeCount == 0)
        let onlyHeld = InventoryLevel(available: 0, held: 2)
        #expect(room.tick(now: epoch.addingTimeInterval(6), inventory: onlyHeld).isEmpty,
                "nothing free: admission waits for a held seat to come back")
        #expect(room.state("u0", now: epoch.addingTimeInterval(6), inventory: onlyHeld) == .waiting)
        let twoBack = InventoryLevel(available: 2, held: 0)
        #expect(room.tick(now: epoch.addingTimeInterval(7), inventory: twoBack).admittedUsers == ["u0", "u1"],
                "one admission per free seat")
    }

    @Test func preQueueBuyersSeeSoldOutToo() throws {
        var room = QueueFixture.room(QueueFixture.policy(opensAt: epoch.addingTimeInterval(60)))
        _ = room.join("early", now: epoch)
        let status = try #require(room.status(of: "early", now: epoch, inventory: InventoryLevel(available: 0, held: 0)))
        #expect(status.state == .soldOut && status.preQueue && status.position == nil)
    }
}
