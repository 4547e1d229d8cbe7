import Foundation
import Testing
import TicketingDomain

/// Neighbours come from each row's own pitch, not a fixed one-cell step.
@Suite struct SeatSpacingTests {
    private static func row(_ xs: [Int], row: String = "1", y: Int = 5, grade: String = "R") -> [SeatInfo] {
        xs.enumerated().map { n, x in
            SeatInfo(id: "A-\(row)-\(n + 1)", section: "A", row: row, number: n + 1, x: x, y: y, grade: grade, price: 50_000)
        }
    }

    /// Issue #21: a venue posted through the API with seats two cells apart (x = 4, 6, 8, …), five
    /// rows of 20 of one grade, answered "no 3 seats together" under the old x + 1 rule.
    @Test func seatsTwoCellsApartAreNeighbours() throws {
        let seats = (1...5).flatMap { r in Self.row((0..<20).map { 4 + 2 * $0 }, row: "\(r)", y: 4 + 2 * r) }
        let inventory = SeatInventory(seats: seats, stageCentre: (x: 22, y: 0))
        #expect(inventory.bestAvailable(grade: "R", count: 3, for: "me", allowSplit: false) == ["A-1-9", "A-1-10", "A-1-11"])
        let four = try #require(inventory.bestAvailable(grade: "R", count: 4, for: "me", allowSplit: false))
        #expect(four == ["A-1-9", "A-1-10", "A-1-11", "A-1-12"] || four == ["A-1-8", "A-1-9", "A-1-10", "A-1-11"], "\(four)")
    }

    @Test func aGapWiderThanTheRowsPitchIsAnAisle() {
        // Pitch 2 with a 3-cell gap after the third seat; pitch 3 with a 4-cell gap.
        for xs in [[0, 2, 4, 7, 9, 11], [0, 3, 6, 10, 13, 16]] {
            let inventory = SeatInventory(seats: Self.row(xs), stageCentre: (x: 5, y: 0))
            #expect(inventory.bestAvailable(grade: "R", count: 4, for: "me", allowSplit: false) == nil, "\(xs)")
            let three = inventory.bestAvailable(grade: "R", count: 3, for: "me", allowSplit: false)
            #expect(three == ["A-1-1", "A-1-2", "A-1-3"] || three == ["A-1-4", "A-1-5", "A-1-6"], "\(xs): \(three ?? [])")
        }
    }

    @Test func pitchIsTheRowsMostCommonGap() {
        #expect(RowSpacing.pitch([4, 6, 8, 10]) == 2)
        #expect(RowSpacing.pitch([10, 0, 1, 2, 6, 7]) == 1, "order does not matter; two aisles, three one-cell gaps")
        #expect(RowSpacing.pitch([0, 2, 5]) == 2, "a tie goes to the narrower gap")
        #expect(RowSpacing.pitch([7]) == nil)
    }

    /// On the bundled halls every row is drawn one cell per seat, so their neighbours are unchanged.
    @Test(arguments: Assets.hallFileNames)
    func bundledHallRowsHaveAPitchOfOneCell(file: String) throws {
        let hall = try Hall.load(path: Assets.hallPath(file))
        let rows = Dictionary(grouping: hall.layout.seats) { "\($0.section)|\($0.row)|\($0.y)" }
        let wider = rows.filter { (RowSpacing.pitch($0.value.map(\.x)) ?? 1) != 1 }.keys.sorted()
        #expect(wider.isEmpty, "\(wider)")
    }
}
