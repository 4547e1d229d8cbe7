import Testing
import TicketingDomain

/// A baseline layout passes; each case breaks exactly one rule and must be reported.
@Suite struct VenueLayoutValidationTests {
    static func valid() -> VenueLayout {
        VenueLayout(width: 10, height: 6, stage: Rect(x: 2, y: 0, width: 6, height: 2), seats: [
            LayoutSeat(id: "F-A-1", section: "F", row: "A", number: 1, x: 1, y: 3),
            LayoutSeat(id: "F-A-2", section: "F", row: "A", number: 2, x: 2, y: 3),
            LayoutSeat(id: "F-B-1", section: "F", row: "B", number: 1, x: 1, y: 4),
        ])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let expected: String
        let breakRule: @Sendable (inout VenueLayout) -> Void
    }

    static let cases: [Case] = [
        Case(testDescription: "zero width", expected: "the map width must be at least 1 cell (got 0)") { $0.width = 0 },
        Case(testDescription: "negative height", expected: "the map height must be at least 1 cell (got -3)") { $0.height = -3 },
        Case(testDescription: "too wide", expected: "the map width must be at most 1,000 cells (got 1,001)") { $0.width = 1_001 },
        Case(testDescription: "too high", expected: "the map height must be at most 1,000 cells (got 5,000)") { $0.height = 5_000 },
        Case(testDescription: "no seats", expected: "the venue has no seats") { $0.seats = [] },
        Case(testDescription: "too many seats", expected: "the venue has 50,001 seats; the limit is 50,000") { layout in
            layout.width = 1_000
            layout.height = 1_000
            layout.seats = (0..<50_001).map { i in
                LayoutSeat(id: "S-\(i)", section: "S", row: "\(i / 1_000)", number: i % 1_000 + 1,
                           x: i % 1_000, y: 2 + i / 1_000)
            }
        },
        Case(testDescription: "empty id", expected: "seat #2 has an empty id") { $0.seats[1].id = "" },
        Case(testDescription: "empty section", expected: "seat 'F-A-2' has an empty section") { $0.seats[1].section = "" },
        Case(testDescription: "empty row", expected: "seat 'F-A-2' has an empty row") { $0.seats[1].row = "" },
        Case(testDescription: "number zero", expected: "seat 'F-A-2' has number 0; numbers start at 1") { $0.seats[1].number = 0 },
        Case(testDescription: "duplicate id", expected: "seat id 'F-A-1' is used by more than one seat") { $0.seats[2].id = "F-A-1" },
        Case(testDescription: "same cell", expected: "seat 'F-B-1' at 2,3 is on the same cell as seat 'F-A-2'") {
            $0.seats[2].x = 2
            $0.seats[2].y = 3
        },
        Case(testDescription: "left of map", expected: "seat 'F-B-1' at -1,4 is outside the 10x6 map") { $0.seats[2].x = -1 },
        Case(testDescription: "right of map", expected: "seat 'F-B-1' at 10,4 is outside the 10x6 map") { $0.seats[2].x = 10 },
        Case(testDescription: "below map", expected: "seat 'F-B-1' at 1,6 is outside the 10x6 map") { $0.seats[2].y = 6 },
        Case(testDescription: "on stage", expected: "seat 'F-B-1' at 7,1 is on the stage") {
            $0.seats[2].x = 7
            $0.seats[2].y = 1
        },
        Case(testDescription: "flat stage", expected: "the stage needs a positive width and height (got 6x0)") { $0.stage.height = 0 },
        Case(testDescription: "stage off map", expected: "the stage at 6,0 size 6x2 does not fit in the 10x6 map") { $0.stage.x = 6 },
    ]

    @Test func baselineIsValid() throws {
        try Self.valid().validate()
    }

    @Test(arguments: cases)
    func reportsTheBrokenRule(_ rule: Case) {
        var layout = Self.valid()
        rule.breakRule(&layout)
        let found = problems { () throws(ValidationError) in try layout.validate() }
        #expect(found == [rule.expected])
    }

    @Test func reportsEveryProblemAtOnce() {
        var layout = Self.valid()
        layout.width = 0
        layout.seats[1].id = ""
        layout.seats[2].x = 4
        layout.seats[2].y = 1
        let found = problems { () throws(ValidationError) in try layout.validate() }
        #expect(found == [
            "the map width must be at least 1 cell (got 0)",
            "seat #2 has an empty id",
            "seat 'F-B-1' at 4,1 is on the stage",
        ])
    }

    @Test func summarisesManySeatsBreakingOneRule() {
        var layout = Self.valid()
        layout.seats = (1...25).map { LayoutSeat(id: "F-Z-\($0)", section: "F", row: "Z", number: $0, x: 100 + $0, y: 5) }
        let found = problems { () throws(ValidationError) in try layout.validate() } ?? []
        #expect(found.count == 11)
        #expect(found.last == "…and 15 more seats outside the map")
    }

    @Test func problemsPointAtTheSeat() {
        var layout = Self.valid()
        layout.seats[2].x = 3
        layout.seats[2].y = 1
        #expect(layout.problems() == [LayoutProblem(.onStage, .seat(2),
                                                    Problem(.seatOnStage, ["seat": "'F-B-1'", "x": "3", "y": "1"]))])
        #expect(layout.problems().map(\.message) == ["seat 'F-B-1' at 3,1 is on the stage"])
    }
}
