import Foundation
import Testing
import TicketingDomain

@Suite struct HallAssetTests {
    @Test(arguments: Assets.hallFileNames)
    func parsesAndValidates(fileName: String) throws {
        let hall = try Hall.load(path: Assets.hallPath(fileName))
        try hall.layout.validate()
        #expect(!hall.name.isEmpty)
        let graded = hall.grades.flatMap(\.seatIds)
        #expect(graded.count == hall.layout.seats.count, "every seat of a bundled hall has a grade")
        #expect(Set(graded) == Set(hall.layout.seats.map(\.id)))
    }

    @Test(arguments: [
        ("theatre.hall", 200...200, 76),
        ("concert-hall.hall", 1_900...2_100, 120),
        ("arena.hall", 9_500...10_500, 400),
    ])
    func sizeFitsItsKind(fileName: String, seats: ClosedRange<Int>, maxWidth: Int) throws {
        let hall = try Hall.load(path: Assets.hallPath(fileName))
        #expect(seats.contains(hall.layout.seats.count))
        #expect(hall.layout.width <= maxWidth)
    }

    @Test func theatreGradesAndPrices() throws {
        let hall = try Hall.load(path: Assets.hallPath("theatre.hall"))
        #expect(hall.grades.map(\.grade) == ["R", "S", "A"])
        #expect(hall.grades.map(\.price) == [180_000, 150_000, 120_000])
        #expect(hall.grades.map(\.seatIds.count) == [60, 96, 44])
    }

    @Test func concertHallHasStallsAndBalconyInFourGrades() throws {
        let hall = try Hall.load(path: Assets.hallPath("concert-hall.hall"))
        #expect(Set(hall.layout.seats.map(\.section)) == ["STALLS", "BALCONY"])
        #expect(hall.grades.map(\.grade) == ["VIP", "R", "S", "A"])
        let stallsBottom = hall.layout.seats.filter { $0.section == "STALLS" }.map(\.y).max() ?? .max
        let balconyTop = hall.layout.seats.filter { $0.section == "BALCONY" }.map(\.y).min() ?? .min
        #expect(stallsBottom < balconyTop, "the balcony is drawn behind the stalls")
    }

    @Test func arenaSectionsSurroundTheStage() throws {
        let hall = try Hall.load(path: Assets.hallPath("arena.hall"))
        let stage = hall.layout.stage
        let seats = hall.layout.seats
        #expect(seats.contains { $0.x < stage.x }, "seats stage left")
        #expect(seats.contains { $0.x >= stage.x + stage.width }, "seats stage right")
        #expect(seats.contains { $0.y >= stage.y + stage.height }, "seats facing the stage")
        #expect(Set(seats.map(\.section)).count >= 10)
    }

    @Test func seatIdsReadSectionRowNumber() throws {
        let hall = try Hall.load(path: Assets.hallPath("theatre.hall"))
        let seat = try #require(hall.layout.seats.first { $0.id == "STALLS-A-1" })
        #expect(seat.section == "STALLS" && seat.row == "A" && seat.number == 1)
    }

    @Test func loadNamesTheFileItCannotRead() {
        let found = problems { () throws(ValidationError) in
            _ = try Hall.load(path: Assets.hallPath("no-such.hall"))
        }
        #expect(found?.first?.hasPrefix("no-such.hall: cannot read") == true)
    }
}
