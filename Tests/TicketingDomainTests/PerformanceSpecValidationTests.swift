import Foundation
import Testing
import TicketingDomain

/// A baseline spec passes; each case breaks exactly one rule and must be reported.
@Suite struct PerformanceSpecValidationTests {
    static let layout = VenueLayout(width: 10, height: 4, stage: Rect(x: 0, y: 0, width: 10, height: 1), seats: [
        LayoutSeat(id: "F-A-1", section: "F", row: "A", number: 1, x: 1, y: 2),
        LayoutSeat(id: "F-A-2", section: "F", row: "A", number: 2, x: 2, y: 2),
        LayoutSeat(id: "F-A-3", section: "F", row: "A", number: 3, x: 3, y: 2),
        LayoutSeat(id: "F-B-1", section: "F", row: "B", number: 1, x: 1, y: 3),
    ])
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func valid() -> PerformanceSpec {
        PerformanceSpec(
            venueId: "v1", title: "아이유 콘서트 2026", startsAt: start, saleOpensAt: start.addingTimeInterval(-86_400),
            grades: [GradeSpec(grade: "R", price: 150_000, seatIds: ["F-A-1", "F-A-2"]),
                     GradeSpec(grade: "S", price: 120_000, seatIds: ["F-A-3"])],
            holdSeconds: 300, maxSeatsPerOrder: 4,
            admission: AdmissionSpec(ratePerSecond: 50, maxActive: 500, tokenTTLSeconds: 600))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let expected: String
        let breakRule: @Sendable (inout PerformanceSpec) -> Void
    }

    static let cases: [Case] = [
        Case(testDescription: "empty title", expected: "the title must not be empty") { $0.title = "" },
        Case(testDescription: "blank title", expected: "the title must not be empty") { $0.title = "  \t" },
        Case(testDescription: "long title", expected: "the title is 201 characters long; the limit is 200") {
            $0.title = String(repeating: "가", count: 201)
        },
        Case(testDescription: "long title in code points", expected: "the title is 201 characters long; the limit is 200") {
            $0.title = String(repeating: "e\u{301}", count: 100) + "x"
        },
        Case(testDescription: "no grades", expected: "the performance needs at least one grade with seats") { $0.grades = [] },
        Case(testDescription: "free grade", expected: "grade 'R' has price 0 KRW; a price must be more than 0") { $0.grades[0].price = 0 },
        Case(testDescription: "negative price", expected: "grade 'S' has price -5 KRW; a price must be more than 0") { $0.grades[1].price = -5 },
        Case(testDescription: "absurd price", expected: "grade 'R' has price 10,000,001 KRW; the limit is 10,000,000") {
            $0.grades[0].price = 10_000_001
        },
        Case(testDescription: "unnamed grade", expected: "every grade needs a name") { $0.grades[1].grade = " " },
        Case(testDescription: "grade without seats", expected: "grade 'S' has no seats") { $0.grades[1].seatIds = [] },
        Case(testDescription: "duplicate grade", expected: "grade 'R' appears more than once; merge its seats into one grade") {
            $0.grades[1].grade = "R"
        },
        Case(testDescription: "unknown seat", expected: "grade 'S' lists 1 seat that is not in the venue: 'Z-9-9'") {
            $0.grades[1].seatIds.append("Z-9-9")
        },
        Case(testDescription: "many unknown seats",
             expected: "grade 'S' lists 7 seats that are not in the venue: 'X-1', 'X-2', 'X-3', 'X-4', 'X-5' and 2 more") {
            $0.grades[1].seatIds += (1...7).map { "X-\($0)" }
        },
        Case(testDescription: "seat in two grades", expected: "seat 'F-A-2' is in both grade 'R' and grade 'S'") {
            $0.grades[1].seatIds.append("F-A-2")
        },
        Case(testDescription: "seat twice in a grade", expected: "seat 'F-A-1' is listed twice in grade 'R'") {
            $0.grades[0].seatIds.append("F-A-1")
        },
        Case(testDescription: "sale opens at start", expected: "the sale must open before the show starts") {
            $0.saleOpensAt = $0.startsAt
        },
        Case(testDescription: "sale opens after start", expected: "the sale must open before the show starts") {
            $0.saleOpensAt = $0.startsAt.addingTimeInterval(1)
        },
        Case(testDescription: "short hold", expected: "holdSeconds is 29; it must be between 30 and 3,600") { $0.holdSeconds = 29 },
        Case(testDescription: "long hold", expected: "holdSeconds is 3601; it must be between 30 and 3,600") { $0.holdSeconds = 3_601 },
        Case(testDescription: "zero seats per order", expected: "maxSeatsPerOrder is 0; it must be between 1 and 20") {
            $0.maxSeatsPerOrder = 0
        },
        Case(testDescription: "21 seats per order", expected: "maxSeatsPerOrder is 21; it must be between 1 and 20") {
            $0.maxSeatsPerOrder = 21
        },
        Case(testDescription: "zero rate",
             expected: "admission.ratePerSecond is 0.0; it must be more than 0 and at most 10,000 buyers per second") {
            $0.admission.ratePerSecond = 0
        },
        Case(testDescription: "negative rate",
             expected: "admission.ratePerSecond is -1.0; it must be more than 0 and at most 10,000 buyers per second") {
            $0.admission.ratePerSecond = -1
        },
        Case(testDescription: "huge rate",
             expected: "admission.ratePerSecond is 10000.5; it must be more than 0 and at most 10,000 buyers per second") {
            $0.admission.ratePerSecond = 10_000.5
        },
        Case(testDescription: "NaN rate",
             expected: "admission.ratePerSecond is nan; it must be more than 0 and at most 10,000 buyers per second") {
            $0.admission.ratePerSecond = .nan
        },
        Case(testDescription: "infinite rate",
             expected: "admission.ratePerSecond is inf; it must be more than 0 and at most 10,000 buyers per second") {
            $0.admission.ratePerSecond = .infinity
        },
        Case(testDescription: "nobody active",
             expected: "admission.maxActive is 0; at least 1 buyer must be able to shop at a time") {
            $0.admission.maxActive = 0
        },
        Case(testDescription: "short token",
             expected: "admission.tokenTTLSeconds is 29; it must be between 30 and 86,400 seconds") {
            $0.admission.tokenTTLSeconds = 29
        },
        Case(testDescription: "long token",
             expected: "admission.tokenTTLSeconds is 86401; it must be between 30 and 86,400 seconds") {
            $0.admission.tokenTTLSeconds = 86_401
        },
    ]

    @Test func baselineIsValidAndMayLeaveSeatsUnsold() throws {
        let spec = Self.valid()
        #expect(spec.grades.flatMap(\.seatIds).count < Self.layout.seats.count)
        try spec.validate(against: Self.layout)
    }

    @Test func acceptsTheEdgesOfEveryRange() throws {
        for edge in [(30, 1, 0.5, 1, 30), (3_600, 20, 10_000, 1, 86_400)] {
            var spec = Self.valid()
            spec.title = String(repeating: "a", count: 200)
            spec.holdSeconds = edge.0
            spec.maxSeatsPerOrder = edge.1
            spec.admission = AdmissionSpec(ratePerSecond: edge.2, maxActive: edge.3, tokenTTLSeconds: edge.4)
            try spec.validate(against: Self.layout)
        }
    }

    @Test(arguments: cases)
    func reportsTheBrokenRule(_ rule: Case) {
        var spec = Self.valid()
        rule.breakRule(&spec)
        let found = problems { () throws(ValidationError) in try spec.validate(against: Self.layout) }
        #expect(found == [rule.expected])
    }

    @Test func reportsEveryProblemAtOnce() {
        var spec = Self.valid()
        spec.title = ""
        spec.grades[0].price = 0
        spec.maxSeatsPerOrder = 99
        spec.admission.maxActive = 0
        let found = problems { () throws(ValidationError) in try spec.validate(against: Self.layout) }
        #expect(found == [
            "the title must not be empty",
            "grade 'R' has price 0 KRW; a price must be more than 0",
            "maxSeatsPerOrder is 99; it must be between 1 and 20",
            "admission.maxActive is 0; at least 1 buyer must be able to shop at a time",
        ])
    }
}
