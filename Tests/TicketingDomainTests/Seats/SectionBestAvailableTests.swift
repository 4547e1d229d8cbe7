import Foundation
import Testing
import TicketingDomain

@Suite struct SectionBestAvailableTests {
    /// Two sections side by side; the nearer centre seats belong to section C.
    static func twoSections() -> SeatInventory {
        let left = SeatFixture.seats(["RRRRRRRR"], section: "C")
        let right = SeatFixture.seats(["RRRRRRRR"], section: "D").map { seat in
            var moved = seat
            moved.id = "D-\(seat.id)"
            moved.x += 10
            return moved
        }
        return SeatInventory(seats: left + right, stageCentre: (x: 8, y: 0))
    }

    @Test func aSectionKeepsThePickInside() throws {
        let seats = Self.twoSections()
        let anywhere = try #require(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false))
        #expect(anywhere.allSatisfy { !$0.hasPrefix("D-") }, "section C is nearer the stage: \(anywhere)")
        let inD = try #require(seats.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false, section: "D"))
        #expect(inD == ["D-A1", "D-A2"])
    }

    @Test func aSplitPickAlsoStaysInTheSection() throws {
        let seats = Self.twoSections()
        let split = try #require(seats.bestAvailable(grade: "R", count: 8, for: "me", allowSplit: true, section: "D"))
        #expect(split.count == 8 && split.allSatisfy { $0.hasPrefix("D-") })
        #expect(seats.bestAvailable(grade: "R", count: 9, for: "me", allowSplit: true, section: "D") == nil)
        #expect(seats.bestAvailable(grade: "R", count: 1, for: "me", allowSplit: true, section: "Z") == nil)
    }
}
