import Foundation
import Testing
import TicketingDomain

/// Problems carry stable codes and parameters beside their English, so a client can word them.
@Suite struct ProblemCodeTests {
    @Test func hallProblemsCarryTheirCodeParametersAndLine() {
        var details: [Problem] = []
        do {
            _ = try HallFile.parse(HallFileErrorTests.header + "\nB  RQ\ngrade X 5\nA  RR")
        } catch {
            details = error.details
        }
        #expect(details == [
            Problem(.hallUnknownMark, ["mark": "Q", "declared": "R, S"], line: 8),
            Problem(.hallGradeAfterHeader, line: 9),
            Problem(.hallRowRepeated, ["label": "A", "section": "F", "earlier": "7"], line: 10),
        ])
    }

    @Test func aSummaryNamesItsKindFromTheFixedSet() {
        var layout = VenueLayout(width: 10, height: 10, stage: Rect(x: 0, y: 0, width: 2, height: 1), seats: [])
        layout.seats = (1...12).map { LayoutSeat(id: "F-Z-\($0)", section: "F", row: "Z", number: $0, x: 20 + $0, y: 5) }
        var details: [Problem] = []
        do {
            try layout.validate()
        } catch {
            details = error.details
        }
        #expect(details.last == Problem(.moreProblems, ["count": "2", "kind": "seats outside the map"]))
        #expect(ProblemCode.summaryKinds.contains("seats outside the map"))
    }

    /// Every sentence names only parameters its producers fill; a typo such as `{gradee}` would
    /// reach people as is.
    @Test func everySentenceIsFilledByItsParameters() {
        for code in ProblemCode.allCases {
            let names = code.english.matches(of: /\{([A-Za-z]+)\}/).map { String($0.1) }
            let filled = Problem.fill(code.english, Dictionary(uniqueKeysWithValues: Set(names).map { ($0, "x") }))
            #expect(!filled.contains("{"), "\(code): \(filled)")
        }
        #expect(Problem(.hallSectionEmpty, ["section": "A"], line: 3, source: "a.hall").message
            == "a.hall: line 3: section 'A' has no rows")
    }

    @Test func docsListEveryCode() throws {
        let api = try String(contentsOf: Assets.root.deletingLastPathComponent().appendingPathComponent("docs/API.md"), encoding: .utf8)
        let missing = ProblemCode.allCases.filter { !api.contains("`\($0.rawValue)`") }
        #expect(missing.isEmpty, "docs/API.md does not list \(missing.map(\.rawValue))")
    }
}
