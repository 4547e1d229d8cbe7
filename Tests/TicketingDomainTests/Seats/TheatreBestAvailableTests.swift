import Foundation
import Testing
import TicketingDomain

/// Best-available on the bundled theatre: grade R is the centre block of rows A–F.
@Suite struct TheatreBestAvailableTests {
    private static func theatre() throws -> (SeatInventory, [String: SeatInfo], centreX: Double) {
        let hall = try Hall.load(path: Assets.hallPath("theatre.hall"))
        var grade: [String: GradeSpec] = [:]
        for spec in hall.grades { for id in spec.seatIds { grade[id] = spec } }
        let seats = try hall.layout.seats.map { seat in
            let spec = try #require(grade[seat.id], "\(seat.id) has a grade")
            return SeatInfo(id: seat.id, section: seat.section, row: seat.row, number: seat.number, x: seat.x,
                            y: seat.y, grade: spec.grade, price: spec.price)
        }
        let stage = hall.layout.stage
        let centre = (x: Double(stage.x) + Double(stage.width - 1) / 2, y: Double(stage.y) + Double(stage.height - 1) / 2)
        let byId = Dictionary(uniqueKeysWithValues: seats.map { ($0.id, $0) })
        return (SeatInventory(seats: seats, stageCentre: centre), byId, centre.x)
    }

    @Test func bestTwoRSeatsAreFrontRowCentre() throws {
        let (inventory, seats, centreX) = try Self.theatre()
        let pick = try #require(inventory.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false))
        let chosen = try pick.map { try #require(seats[$0]) }
        #expect(chosen.allSatisfy { $0.grade == "R" && $0.row == "A" }, "\(pick)")
        #expect(chosen[1].x == chosen[0].x + 1, "side by side: \(pick)")
        let meanX = Double(chosen[0].x + chosen[1].x) / 2
        #expect(abs(meanX - centreX) <= 1, "\(pick) centred under the stage at x \(centreX)")
        let frontY = seats.values.filter { $0.grade == "R" }.map(\.y).min()
        #expect(chosen[0].y == frontY)
    }

    @Test func withTheCentreTakenTheNextPairStaysInTheFrontRowWithoutALoneSeat() throws {
        var (inventory, seats, _) = try Self.theatre()
        let centre = try #require(inventory.bestAvailable(grade: "R", count: 2, for: "other", allowSplit: false))
        try inventory.take(centre, by: "other", as: "h")
        let pick = try #require(inventory.bestAvailable(grade: "R", count: 2, for: "me", allowSplit: false))
        let chosen = try pick.map { try #require(seats[$0]) }
        let taken = try centre.map { try #require(seats[$0]) }
        #expect(chosen.allSatisfy { $0.row == "A" && $0.grade == "R" }, "\(pick)")
        #expect(chosen.last!.x + 1 == taken.first!.x || taken.last!.x + 1 == chosen.first!.x,
                "next to the taken pair, so no single seat is left between: \(pick) beside \(centre)")
    }

    @Test func aLargeGroupStillSitsTogether() throws {
        let (inventory, seats, _) = try Self.theatre()
        let pick = try #require(inventory.bestAvailable(grade: "R", count: 8, for: "me", allowSplit: false))
        let chosen = try pick.map { try #require(seats[$0]) }
        #expect(Set(chosen.map(\.row)).count == 1 && chosen.allSatisfy { $0.grade == "R" })
        #expect(zip(chosen.dropFirst(), chosen).allSatisfy { $0.x == $1.x + 1 })
    }
}
