import Testing
import TicketingDomain

@Suite struct HallFileParsingTests {
    static let small = """
        # a comment line
        name: Test Hall: Main   # the name may hold ':'
        size: 12x8
        stage: 2,0 8x1

        grade R 100000
        grade VIP 200,000 mark P

        section FLOOR at 1,2
        A     RR..PP
        B..C  R_R.P
        gap 2
        1     R
        """

    @Test func readsHeaderAndGrades() throws {
        let hall = try HallFile.parse(Self.small)
        #expect(hall.name == "Test Hall: Main")
        #expect(hall.layout.width == 12 && hall.layout.height == 8)
        #expect(hall.layout.stage == Rect(x: 2, y: 0, width: 8, height: 1))
        #expect(hall.grades.map(\.grade) == ["R", "VIP"])
        #expect(hall.grades.map(\.price) == [100_000, 200_000])
    }

    @Test func patternColumnsAreCellsAndSeatsNumberLeftToRight() throws {
        let seats = try HallFile.parse(Self.small).layout.seats
        let placed = seats.map { "\($0.id)@\($0.x),\($0.y)" }
        #expect(placed == [
            "FLOOR-A-1@1,2", "FLOOR-A-2@2,2", "FLOOR-A-3@5,2", "FLOOR-A-4@6,2",
            "FLOOR-B-1@1,3", "FLOOR-B-2@3,3", "FLOOR-B-3@5,3",
            "FLOOR-C-1@1,4", "FLOOR-C-2@3,4", "FLOOR-C-3@5,4",
            "FLOOR-1-1@1,7",
        ])
        #expect(seats.allSatisfy { $0.section == "FLOOR" })
        #expect(seats.first { $0.id == "FLOOR-B-3" }.map { ($0.row, $0.number) } ?? ("", 0) == ("B", 3))
    }

    @Test func gradeSeatsFollowTheirMarks() throws {
        let grades = try HallFile.parse(Self.small).grades
        #expect(grades[0].seatIds == ["FLOOR-A-1", "FLOOR-A-2", "FLOOR-B-1", "FLOOR-B-2",
                                      "FLOOR-C-1", "FLOOR-C-2", "FLOOR-1-1"])
        #expect(grades[1].seatIds == ["FLOOR-A-3", "FLOOR-A-4", "FLOOR-B-3", "FLOOR-C-3"])
    }

    @Test func rangesRunEitherWay() throws {
        let text = """
            name: Ranges
            size: 10x12
            stage: 0,0 10x1
            grade A 5000
            section UP at 0,2
            C..A  AA
            section NUM at 4,2
            3..1  A
            section NUM2 at 6,2
            9..11 A
            """
        let seats = try HallFile.parse(text).layout.seats
        #expect(seats.filter { $0.section == "UP" }.map(\.row) == ["C", "C", "B", "B", "A", "A"])
        #expect(seats.filter { $0.section == "UP" }.map(\.y) == [2, 2, 3, 3, 4, 4])
        #expect(seats.filter { $0.section == "NUM" }.map(\.row) == ["3", "2", "1"])
        #expect(seats.filter { $0.section == "NUM2" }.map(\.row) == ["9", "10", "11"])
    }

    @Test func acceptsWindowsLineEndsAndByteOrderMark() throws {
        let unix = try HallFile.parse(Self.small)
        let windows = try HallFile.parse("\u{FEFF}" + Self.small.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(windows == unix)
    }

    @Test func acceptsTabsBetweenTokens() throws {
        let tabbed = Self.small.replacingOccurrences(of: "stage: 2,0 8x1", with: "stage:\t2,0\t8x1")
            .replacingOccurrences(of: "A     RR..PP", with: "A\tRR..PP")
        #expect(try HallFile.parse(tabbed) == HallFile.parse(Self.small))
    }

    @Test func documentedExampleParses() throws {
        let hall = try HallFile.parse("""
            # Seoul Arts Theatre (Small)
            name: Seoul Arts Theatre
            size: 36x18                 # map width x height in cells
            stage: 8,1 20x2             # top-left cell x,y then width x height

            grade R 180000              # grade NAME PRICE (KRW); drawn with its first letter
            grade S 150,000
            grade VIP 220000 mark P     # pick another letter when first letters clash

            section STALLS at 0,5       # column 0 of the first row is cell x=0, y=5
            A..B    .......SSS...RRRRRRRRRR...SSS
            C       ......SSSS...RRRRRRRRRR...SSSS
            gap                         # a cross aisle: one empty line
            D       ....PPPPPP..SSSSSSSSSSSS..PPPPPP
            """)
        #expect(hall.layout.seats.count == 16 * 2 + 18 + 24)
        #expect(hall.layout.seats.last?.y == 9)
        #expect(hall.grades.map(\.seatIds.count) == [30, 32, 12])
    }
}
