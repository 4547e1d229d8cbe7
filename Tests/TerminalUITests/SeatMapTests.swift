import Testing
import TicketingDomain
import TicketingProtocol
@testable import TerminalUI

@Suite struct SeatMapTests {
    /// Two rows with an aisle, a missing row between them and a shorter back row:
    ///   y=0  A1 A2 . . A3
    ///   y=2  B1 . B2
    static let map = SeatMap(seats: [
        seat("A1", x: 0, y: 0), seat("A2", x: 1, y: 0), seat("A3", x: 4, y: 0),
        seat("B1", x: 0, y: 2), seat("B2", x: 2, y: 2, state: .sold),
    ])

    static func seat(_ id: String, x: Int, y: Int, state: SeatState = .available) -> SeatDTO {
        SeatDTO(seat: LayoutSeat(id: id, section: "S", row: String(id.prefix(1)), number: Int(id.dropFirst())!, x: x, y: y),
                grade: "R", price: 1, state: state)
    }

    func id(_ index: Int?) -> String? { index.map { Self.map.seats[$0].id } }

    @Test func movesAlongRowsAcrossAislesAndStopsAtTheEnds() {
        let a2 = Self.map.index(of: "A2")!
        #expect(id(Self.map.neighbour(of: a2, .right)) == "A3")
        #expect(id(Self.map.neighbour(of: a2, .left)) == "A1")
        #expect(Self.map.neighbour(of: Self.map.index(of: "A1")!, .left) == nil)
        #expect(id(Self.map.rowEdge(of: a2, start: false)) == "A3")
    }

    @Test func movesToTheNearestSeatInTheNextRowWithSeats() {
        #expect(id(Self.map.neighbour(of: Self.map.index(of: "A3")!, .down)) == "B2")
        #expect(id(Self.map.neighbour(of: Self.map.index(of: "A1")!, .down)) == "B1")
        #expect(id(Self.map.neighbour(of: Self.map.index(of: "B2")!, .up)) == "A2")
        #expect(Self.map.neighbour(of: Self.map.index(of: "B1")!, .down) == nil)
        #expect(id(Self.map.neighbour(of: Self.map.index(of: "A1")!, .down, rowsAway: 10)) == "B1")
    }

    @Test func bestSeatIsTheAvailableOneNearestTheStage() {
        let stage = Rect(x: 1, y: 3, width: 2, height: 1)  // below row B, centred on x=2
        #expect(id(Self.map.bestSeat(stage: stage)) == "B1")  // B2 is nearer but sold
        #expect(SeatMap(seats: []).bestSeat(stage: stage) == nil)
    }

    @Test func viewportCentresSmallMapsAndKeepsTheCursorAwayFromTheEdges() {
        let view = Size(width: 20, height: 10)
        #expect(MapViewport.scroll(keeping: Point(x: 5, y: 5), current: .zero, map: Size(width: 10, height: 4), view: view)
            == Point(x: -5, y: -3))
        let big = Size(width: 100, height: 50)
        #expect(MapViewport.scroll(keeping: Point(x: 30, y: 2), current: .zero, map: big, view: view) == Point(x: 14, y: 0))
        #expect(MapViewport.scroll(keeping: Point(x: 99, y: 49), current: .zero, map: big, view: view)
            == Point(x: 80, y: 40))
        // Moving within the comfortable middle does not scroll.
        #expect(MapViewport.scroll(keeping: Point(x: 25, y: 5), current: Point(x: 14, y: 0), map: big, view: view)
            == Point(x: 14, y: 0))
    }

    @Test func gradeGlyphsAreUniqueAndPriceOrdered() {
        let palette = GradePalette(grades: [GradeSpec(grade: "S", price: 100, seatIds: []),
                                            GradeSpec(grade: "VIP", price: 300, seatIds: []),
                                            GradeSpec(grade: "VVIP", price: 500, seatIds: []),
                                            GradeSpec(grade: "x-zone", price: 50, seatIds: [])])
        #expect(palette.entries.map(\.grade) == ["VVIP", "VIP", "S", "x-zone"])
        #expect(palette.entries.map(\.glyph) == ["V", "I", "S", "X"])
    }
}
