import Foundation
import Testing
import TicketingDomain

@Suite struct BestAvailableTests {
    @Test func picksTheFrontRowCentre() {
        let seats = SeatFixture.inventory(["RRRRRRRR", "RRRRRRRR"])
        #expect(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false) == ["A4", "A5"])
        #expect(seats.bestAvailable(grade: "R", count: 4, for: "me", allowSplit: false) == ["A3", "A4", "A5", "A6"])
    }

    /// Five seats, two wanted: the nearest pairs would leave a lone seat at one end.
    @Test func avoidsLeavingASingleSeatWhenItCan() throws {
        let seats = SeatFixture.inventory(["RRRRR"])
        let pick = try #require(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false))
        #expect(pick == ["A1", "A2"] || pick == ["A4", "A5"], "got \(pick)")
    }

    @Test func leavesASingleSeatOnlyWhenNothingElseFits() throws {
        var seats = SeatFixture.inventory(["RRRR"])
        try seats.take(["A1"], by: "other", as: "h")
        #expect(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false) == ["A2", "A3"],
                "A2–A3 strands A4 and A3–A4 strands A2: with a lone seat unavoidable, the nearer pair wins")
    }

    @Test func onlyTheWantedGradeCounts() {
        let seats = SeatFixture.inventory(["SSRRSS", "RRRRRR"])
        #expect(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false) == ["A3", "A4"])
        #expect(seats.bestAvailable(grade: "R", count: 3, for: "me", allowSplit: false)?.allSatisfy { $0.hasPrefix("B") } == true)
        #expect(seats.bestAvailable(grade: "VIP", count: 1, for: "me", allowSplit: true) == nil)
        #expect(seats.bestAvailable(grade: "R", count: 0, for: "me", allowSplit: true) == nil)
    }

    @Test func anAisleSplitsARow() {
        let seats = SeatFixture.inventory(["RR.RR"])
        #expect(seats.bestAvailable(grade: "R", count: 3, for: "me", allowSplit: false) == nil)
        let split = seats.bestAvailable(grade: "R", count: 3, for: "me", allowSplit: true)
        #expect(split?.count == 3 && Set(split ?? []).isSubset(of: ["A1", "A2", "A3", "A4"]))
        #expect(seats.bestAvailable(grade: "R", count: 5, for: "me", allowSplit: true) == nil, "only four exist")
    }

    @Test func sectionsThatTouchAreNotOneRow() {
        var layout = SeatFixture.seats(["RR"], section: "L")
        layout += SeatFixture.seats(["..RR"], section: "R").map { seat in
            var seat = seat
            seat.id = "R-" + seat.id
            return seat
        }
        let seats = SeatInventory(seats: layout, stageCentre: (x: 1.5, y: 0))
        #expect(seats.bestAvailable(grade: "R", count: 3, for: "me", allowSplit: false) == nil)
        #expect(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false) != nil)
    }

    @Test func theBuyersOwnHoldCountsAsFree() throws {
        var seats = SeatFixture.inventory(["RRRRRR"])
        try seats.take(["A3", "A4"], by: "me", as: "mine")
        #expect(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false) == ["A3", "A4"])
        let forOthers = try #require(seats.bestAvailable(grade: "R", count: 2, for: "other", allowSplit: false))
        #expect(Set(forOthers).isDisjoint(with: ["A3", "A4"]))
        let (hold, _) = try seats.hold(userId: "me", seatIds: try #require(
            seats.bestAvailable(grade: "R", count: 4, for: "me", allowSplit: false)), holdId: "bigger", now: epoch,
            ttl: 60, maxSeats: 4).get()
        #expect(Set(hold.seatIds).isSuperset(of: ["A3", "A4"]), "the bigger pick reuses the buyer's seats")
    }

    @Test func soldAndHeldSeatsAreNeverPicked() throws {
        var seats = SeatFixture.inventory(["RRRRRRRR"])
        try seats.take(["A4", "A5"], by: "other", as: "h")
        try seats.take(["A3"], by: "third", as: "h2")
        _ = seats.sell(holdId: "h2", orderId: "o")
        let pick = try #require(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false))
        #expect(Set(pick).isDisjoint(with: ["A3", "A4", "A5"]))
    }
}
