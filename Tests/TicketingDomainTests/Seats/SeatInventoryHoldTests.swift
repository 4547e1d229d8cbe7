import Foundation
import Testing
@testable import TicketingDomain

@Suite struct SeatInventoryHoldTests {
    @Test func aHoldTakesEverySeatAndNumbersTheBatch() throws {
        var seats = SeatFixture.twoRows()
        let (hold, batch) = try seats.hold(userId: "u", seatIds: ["A2", "B1", "A1"], holdId: "h1", now: epoch,
                                           ttl: 90, maxSeats: 4).get()
        #expect(hold == Hold(id: "h1", userId: "u", seatIds: ["A2", "B1", "A1"], amount: 270,
                             expiresAt: epoch.addingTimeInterval(90)))
        #expect(batch == SeatBatch(version: 1, changes: ["A1", "A2", "B1"].map { SeatChange(id: $0, state: "held") }))
        #expect(seats.version == 1)
        #expect(seats.status(of: "A1") == .held(holdId: "h1"))
        #expect(seats.activeHold(of: "u") == hold)
        #expect(seats.availableCount == 17 && seats.heldCount == 3)
        #expect(seats.level == InventoryLevel(available: 17, held: 3))
    }

    @Test func oneTakenSeatFailsTheWholeRequestAndNamesExactlyTheTakenOnes() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A2"], by: "other", as: "h1")
        try seats.take(["A5"], by: "third", as: "h2")
        _ = seats.sell(holdId: "h2", orderId: "o1")
        let before = seats.snapshot()
        let version = seats.version
        let refusal = seats.refusal(["A1", "A5", "A3", "A2"], by: "u", as: "h3")
        #expect(refusal == .unavailable(["A5", "A2"]))
        #expect(seats.snapshot() == before, "nothing changed")
        #expect(seats.version == version, "a failed request sends no batch")
        #expect(seats.activeHold(of: "u") == nil)
    }

    @Test func badRequestsAreRefusedWithoutAnyChange() {
        var seats = SeatFixture.twoRows()
        let refusals = [
            seats.refusal([], by: "u", as: "h", maxSeats: 4),
            seats.refusal(["A1", "A2", "A1"], by: "u", as: "h", maxSeats: 4),
            seats.refusal(["A1", "Z9", "A2", "Q1"], by: "u", as: "h", maxSeats: 4),
            seats.refusal(["A1", "A2", "A3", "A4", "A5"], by: "u", as: "h", maxSeats: 4),
            seats.refusal(["A1", "A2"], by: "u", as: "h", maxSeats: 1),
        ]
        #expect(refusals == [.empty, .duplicateSeats, .unknownSeats(["Z9", "Q1"]), .tooManySeats(max: 4),
                             .tooManySeats(max: 1)])
        #expect(seats.version == 0 && seats.heldCount == 0 && seats.holds.isEmpty)
    }

    @Test func aNewHoldReplacesThePreviousOnlyWhenItSucceeds() throws {
        var seats = SeatFixture.twoRows()
        let first = try seats.take(["A1", "A2"], by: "u", as: "h1")
        try seats.take(["B1"], by: "other", as: "h2")

        let refusal = seats.refusal(["A2", "B1"], by: "u", as: "h3")
        #expect(refusal == .unavailable(["B1"]))
        #expect(seats.activeHold(of: "u") == first, "a failed request keeps the previous hold")
        #expect(seats.states(["A1", "A2"]) == ["held", "held"])

        let (second, batch) = try seats.hold(userId: "u", seatIds: ["A2", "A3"], holdId: "h4", now: epoch, ttl: 60,
                                             maxSeats: 4).get()
        #expect(seats.activeHold(of: "u") == second)
        #expect(seats.holds["h1"] == nil)
        #expect(seats.status(of: "A1") == .available)
        #expect(seats.status(of: "A2") == .held(holdId: "h4"), "its own seats count as free")
        #expect(batch.version == 3, "one batch for release and hold together")
        #expect(batch.changes == [SeatChange(id: "A1", state: "available"), SeatChange(id: "A2", state: "held"),
                                  SeatChange(id: "A3", state: "held")])
        #expect(seats.heldCount == 3 && seats.availableCount == 17)
    }

    @Test func releaseIsForTheOwnerOnly() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1", "A2"], by: "u", as: "h1")
        let byIntruder = seats.release(holdId: "h1", by: "intruder").failure
        let unknown = seats.release(holdId: "nope", by: "u").failure
        #expect(byIntruder == .notYourHold && unknown == .unknownHold)
        #expect(seats.version == 1 && seats.heldCount == 2)
        let batch = try seats.release(holdId: "h1", by: "u").get()
        #expect(batch == SeatBatch(version: 2, changes: [SeatChange(id: "A1", state: "available"),
                                                         SeatChange(id: "A2", state: "available")]))
        #expect(seats.activeHold(of: "u") == nil && seats.holds.isEmpty)
        let again = seats.release(holdId: "h1", by: "u").failure
        #expect(again == .unknownHold, "released once")
        #expect(seats.availableCount == 20 && seats.heldCount == 0)
    }

    @Test func sellMakesSeatsSoldAndUnsellPutsThemBack() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1", "A2"], by: "u", as: "h1", ttl: 10)
        let pinned = seats.pin(holdId: "h1", orderId: "o1")
        #expect(pinned)
        let sale = seats.sell(holdId: "h1", orderId: "o1")
        let sold = try #require(sale)
        #expect(sold.version == 2 && sold.changes.map(\.state) == ["sold", "sold"])
        #expect(seats.status(of: "A1") == .sold(orderId: "o1"))
        #expect(seats.activeHold(of: "u") == nil && seats.holds.isEmpty)
        #expect(seats.level == InventoryLevel(available: 18, held: 0))
        let expired = seats.expire(now: epoch.addingTimeInterval(3_600))
        #expect(expired.isEmpty, "sold seats never expire")
        let soldAgain = seats.sell(holdId: "h1", orderId: "o1")
        #expect(soldAgain == nil)
        let refusal = seats.refusal(["A1"], by: "v", as: "h2")
        #expect(refusal == .unavailable(["A1"]), "a sold seat cannot be held")

        let nothing = seats.unsell(seatIds: ["A3", "B7", "Z1"])
        #expect(nothing == nil && seats.version == 2, "nothing sold there: no batch")
        let refund = seats.unsell(seatIds: ["A2", "A1", "A3"])
        #expect(refund == SeatBatch(version: 3, changes: [SeatChange(id: "A1", state: "available"),
                                                          SeatChange(id: "A2", state: "available")]))
        #expect(seats.availableCount == 20)
    }

    @Test func restoreBringsBackSoldSeatsAndLiveHoldsWithoutAVersion() {
        var seats = SeatFixture.twoRows()
        let live = Hold(id: "h1", userId: "u", seatIds: ["A3", "A4"], amount: 200, expiresAt: epoch.addingTimeInterval(30))
        let clash = Hold(id: "h2", userId: "v", seatIds: ["A1", "A5"], amount: 200, expiresAt: epoch.addingTimeInterval(30))
        seats.restore(sold: [("A1", "o1"), ("Z9", "o2")], holds: [live, clash])
        #expect(seats.version == 0)
        #expect(seats.states(["A1", "A3", "A4", "A5"]) == ["sold", "held", "held", "available"])
        #expect(seats.activeHold(of: "u") == live && seats.activeHold(of: "v") == nil)
        #expect(seats.level == InventoryLevel(available: 17, held: 2))
        let expired = seats.expire(now: epoch.addingTimeInterval(30))
        #expect(expired.map(\.0.id) == ["h1"], "restored holds still expire")
    }

    @Test func snapshotListsEverySeatInLayoutOrder() throws {
        var seats = SeatFixture.inventory(["RR", "S"])
        try seats.take(["A2"], by: "u", as: "h")
        #expect(seats.snapshot() == [SeatChange(id: "A1", state: "available"), SeatChange(id: "A2", state: "held"),
                                     SeatChange(id: "B1", state: "available")])
        #expect(seats.status(of: "Z1") == nil)
    }
}
