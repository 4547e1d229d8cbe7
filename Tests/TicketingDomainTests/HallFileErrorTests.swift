import Testing
import TicketingDomain

/// Each case appends lines after a valid 7-line file, so its first extra line is line 8.
@Suite struct HallFileErrorTests {
    static let header = """
        name: T
        size: 20x10
        stage: 0,0 20x1
        grade R 1000
        grade S 2000
        section F at 0,2
        A  RRSS
        """

    static func parseProblems(_ text: String) -> [String] {
        do {
            _ = try HallFile.parse(text)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func validHeaderParses() throws {
        #expect(try HallFile.parse(Self.header).layout.seats.count == 4)
    }

    @Test(arguments: [
        ("B  RRQQ", "line 8: unknown grade 'Q' (declared: R, S)"),
        ("B  RR*R", "line 8: '*' is neither a grade mark nor a gap; use a grade letter, '.' or '_'"),
        ("B", "line 8: row 'B' has no seat pattern; write it like 'A  RRRR..RRRR'"),
        ("B  RR RR", "line 8: a row line is a label and one seat pattern without spaces; use '.' or '_' for gaps"),
        ("B  ....", "line 8: row 'B' has no seats; use 'gap' for an empty line"),
        ("b  RR", "line 8: row labels use capital letters and digits only (got 'b')"),
        ("A..B  RR", "line 8: row 'A' is already in section 'F' (line 7)"),
        ("A..3  RR", "line 8: a row range is two capital letters or two numbers, like 'A..H' or '1..20' (got 'A..3')"),
        ("1..2000  R", "line 8: row range '1..2000' is longer than 1,000 rows"),
        ("gap x", "line 8: 'gap N' takes a number of empty lines from 1 to 1,000"),
        ("grade A 500", "line 8: grades belong in the header, before the first section"),
        ("size: 30x30", "line 8: 'size:' belongs in the header, before the first section"),
        ("colour: red", "line 8: unknown setting 'colour:'; the header has name:, size: and stage:"),
        ("section F at 0,5\nB  R", "line 8: section 'F' is already defined on line 6"),
        ("section G at 0,5", "line 8: section 'G' has no rows"),
        ("section G-1 at 0,5", "line 8: section names use letters, digits and '_', at most 24 (got 'G-1')"),
        ("section G 0,5", "line 8: expected 'section NAME at X,Y', like 'section FLOOR at 4,8'"),
        ("section G at 0,2\nA  R", "line 9: seat 'G-A-1' at 0,2 is on the same cell as seat 'F-A-1'"),
        ("section G at 18,4\nA  RRR", "line 9: seat 'G-A-3' at 20,4 is outside the 20x10 map"),
        ("section G at 2,0\nA  R", "line 9: seat 'G-A-1' at 2,0 is on the stage"),
    ])
    func reportsTheLine(extra: String, expected: String) {
        #expect(Self.parseProblems(Self.header + "\n" + extra) == [expected])
    }

    /// Each case replaces the size, stage or first grade line of the valid file.
    @Test(arguments: [
        ("size: 20-10", "line 2: expected 'size: WIDTHxHEIGHT' in cells, like 'size: 76x30' (got '20-10')"),
        ("size: 2000x10", "line 2: the map width must be at most 1,000 cells (got 2,000)"),
        ("stage: 0,0", "line 3: expected 'stage: X,Y WIDTHxHEIGHT', like 'stage: 20,1 36x3' (got '0,0')"),
        ("stage: 15,0 10x1", "line 3: the stage at 15,0 size 10x1 does not fit in the 20x10 map"),
        ("grade R 0", "line 4: the price of grade 'R' must be between 1 and 10,000,000 KRW (got 0)"),
        ("grade R free", "line 4: the price of grade 'R' must be a whole number of KRW, like 180000 (got 'free')"),
        ("grade R", "line 4: expected 'grade NAME PRICE' or 'grade NAME PRICE mark LETTER', like 'grade VIP 220000'"),
        ("grade R 1000 mark ++", "line 4: a grade mark is one letter or digit (got '++')"),
        ("grade S 1000", "line 5: grade 'S' is already declared on line 4"),
        ("grade SR 1000", "line 5: grade 'S' would be drawn with 'S', already used by grade 'SR' on line 4; add 'mark X' with a free letter"),
    ])
    func reportsHeaderProblemsAtTheirLine(replacement line: String, expected: String) {
        var lines = Self.header.split(separator: "\n").map(String.init)
        let key = line.hasPrefix("size") ? 1 : line.hasPrefix("stage") ? 2 : 3
        lines[key] = line
        #expect(Self.parseProblems(lines.joined(separator: "\n")).contains(expected))
    }

    @Test func reportsEveryProblemAtOnceInLineOrder() {
        let found = Self.parseProblems(Self.header + "\nB  RQ\ngrade X 5\nA  RR")
        #expect(found == [
            "line 8: unknown grade 'Q' (declared: R, S)",
            "line 9: grades belong in the header, before the first section",
            "line 10: row 'A' is already in section 'F' (line 7)",
        ])
    }

    @Test func reportsMissingHeaderLinesWithoutALine() {
        let found = Self.parseProblems("section F at 0,0\nA  R")
        #expect(found.contains("missing 'name:' line, like 'name: Seoul Arts Theatre'"))
        #expect(found.contains("missing 'size:' line, like 'size: 76x30'"))
        #expect(found.contains("missing 'stage:' line, like 'stage: 20,1 36x3'"))
        #expect(found.contains("no grades declared; add lines like 'grade R 180000' before the first section"))
        #expect(found.contains("line 2: unknown grade 'R' (declared: none)"))
    }

    @Test func rejectsRowsOutsideASection() {
        let found = Self.parseProblems("name: T\nA  R")
        #expect(found.contains("line 2: 'A' is not a setting, and rows must come after a 'section NAME at X,Y' line"))
    }

    @Test func reportsAGradeNoSeatUses() {
        let found = Self.parseProblems(Self.header.replacingOccurrences(of: "A  RRSS", with: "A  RR"))
        #expect(found == ["line 5: grade 'S' is declared but no seat is drawn with 'S'"])
    }

    @Test func summarisesLongRunsOfOneProblem() {
        let found = Self.parseProblems(Self.header + "\nsection G at 0,10\nA  " + String(repeating: "R", count: 35))
        #expect(found.count == 11)
        #expect(found.last == "…and 25 more seats outside the map")
    }

    @Test func stopsAtTheSeatLimit() {
        let text = """
            name: Huge
            size: 1000x1000
            stage: 0,0 1000x1
            grade R 1000
            section F at 0,1
            1..999  \(String(repeating: "R", count: 100))
            """
        #expect(Self.parseProblems(text) == ["line 6: the hall passes the limit of 50,000 seats"])
    }

    @Test func skipsTheRowsOfABrokenSectionButNotTheRest() {
        let found = Self.parseProblems(Self.header + "\nsection F at 0,5\nB  R\ngap\nsize: 9x9")
        #expect(found == [
            "line 8: section 'F' is already defined on line 6",
            "line 11: 'size:' belongs in the header, before the first section",
        ])
    }
}
