import Foundation
import Testing
import TicketingDomain

@Suite struct SeatInventoryExpiryTests {
    @Test func expireReleasesExactlyTheDueHoldsInTimeOrder() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1"], by: "a", as: "late", ttl: 30)
        try seats.take(["A2"], by: "b", as: "early", ttl: 10)
        try seats.take(["A3"], by: "c", as: "middle", ttl: 20)
        try seats.take(["A4"], by: "d", as: "never", ttl: 300)
        let tooSoon = seats.expire(now: epoch.addingTimeInterval(9.999))
        #expect(tooSoon.isEmpty)
        let released = seats.expire(now: epoch.addingTimeInterval(30))
        #expect(released.map(\.0.id) == ["early", "middle", "late"])
        #expect(released.map(\.1.version) == [5, 6, 7], "one batch each, in order")
        #expect(released.map(\.1.changes) == [[SeatChange(id: "A2", state: "available")],
                                              [SeatChange(id: "A3", state: "available")],
                                              [SeatChange(id: "A1", state: "available")]])
        #expect(seats.states(["A1", "A2", "A3", "A4"]) == ["available", "available", "available", "held"])
        #expect(seats.activeHold(of: "a") == nil && seats.activeHold(of: "d") != nil)
        let again = seats.expire(now: epoch.addingTimeInterval(30))
        #expect(again.isEmpty, "each hold expires once")
    }

    @Test func replacedAndReleasedHoldsLeaveOnlyStaleEntriesBehind() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1"], by: "u", as: "h1", ttl: 10)
        try seats.take(["A2"], by: "u", as: "h2", at: epoch.addingTimeInterval(5), ttl: 10)
        try seats.take(["A3"], by: "v", as: "h3", ttl: 10)
        _ = seats.release(holdId: "h3", by: "v")
        let version = seats.version
        let stale = seats.expire(now: epoch.addingTimeInterval(10))
        #expect(stale.isEmpty && seats.version == version)
        let due = seats.expire(now: epoch.addingTimeInterval(15))
        #expect(due.map(\.0.id) == ["h2"])
    }

    /// The caller may reuse a hold id; the earlier heap entry must not cut the new hold short.
    @Test func aRetimedHoldExpiresAtItsNewTime() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1"], by: "u", as: "h", ttl: 10)
        try seats.take(["A1", "A2"], by: "u", as: "h", at: epoch.addingTimeInterval(5), ttl: 10)
        let early = seats.expire(now: epoch.addingTimeInterval(10))
        #expect(early.isEmpty)
        #expect(seats.states(["A1", "A2"]) == ["held", "held"])
        let due = seats.expire(now: epoch.addingTimeInterval(15))
        #expect(due.map(\.0.seatIds) == [["A1", "A2"]])
    }

    @Test func aPinnedHoldOutlivesItsTimeUntilItsOrderFails() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1", "A2"], by: "u", as: "h1", ttl: 10)
        let pinned = seats.pin(holdId: "h1", orderId: "o1")
        let pinnedUnknown = seats.pin(holdId: "nope", orderId: "o1")
        #expect(pinned && !pinnedUnknown)
        #expect(seats.holds["h1"]?.orderId == "o1")
        let expired = seats.expire(now: epoch.addingTimeInterval(60))
        #expect(expired.isEmpty)
        let release = seats.release(holdId: "h1", by: "u").failure
        #expect(release == .pinnedByOrder)
        let replace = seats.refusal(["B1"], by: "u", as: "h2")
        #expect(replace == .pinnedByOrder, "the order's hold is not replaced behind its back")
        #expect(seats.version == 1)
        let otherOrder = seats.releaseFailed(holdId: "h1", orderId: "o0")
        #expect(otherOrder == nil && seats.holds["h1"] != nil, "only the order that pinned it lets it go")
        let released = seats.releaseFailed(holdId: "h1", orderId: "o1")
        let failed = try #require(released)
        #expect(failed.version == 2 && failed.changes.allSatisfy { $0.state == "available" })
        #expect(seats.holds.isEmpty && seats.activeHold(of: "u") == nil)
        let again = seats.releaseFailed(holdId: "h1", orderId: "o1")
        #expect(again == nil)
    }

    @Test func aHoldWhoseOrderFailsInTimeIsReleasedAtOnceNotAtItsExpiry() throws {
        var seats = SeatFixture.twoRows()
        try seats.take(["A1"], by: "u", as: "h1", ttl: 600)
        _ = seats.pin(holdId: "h1", orderId: "o1")
        let released = seats.releaseFailed(holdId: "h1", orderId: "o1")
        let failed = try #require(released)
        #expect(failed.changes.map(\.id) == ["A1"] && seats.status(of: "A1") == .available)
        try seats.take(["A1"], by: "v", as: "h2", ttl: 600)
        #expect(seats.expire(now: epoch.addingTimeInterval(600)).map(\.0.id) == ["h2"],
                "the failed hold's old heap entry releases nothing of the new holder's")
    }
}
