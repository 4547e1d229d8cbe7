import Foundation
import Testing
@testable import TerminalUI

@Suite struct HallGoldenTests {
    /// The theatre with two seats picked and the cursor moved off the best seat.
    static func theatre(_ size: Size) -> AppState {
        var state = Fixture.hallMap(size, Fixture.hamlet, hall: Fixture.theatre)
        state = Fixture.reduce(state, .toggle, .move(.right), .move(.right), .toggle, .move(.down), .move(.down))
        return state
    }

    @Test(arguments: [Size.small, Size.large])
    func theatreWithSelection(size: Size) {
        Golden.check(Renderer.render(Self.theatre(size)), "hall-theatre-\(size.name)")
    }

    @Test(arguments: [Size.small, Size.large])
    func arenaScrollsAroundTheCursor(size: Size) {
        var state = Fixture.hallMap(size, Fixture.iu, hall: Fixture.arena)
        state = Fixture.reduce(state, .page(.down), .move(.left), .toggle)
        Golden.check(Renderer.render(state), "hall-arena-\(size.name)")
    }

    @Test func concertHallHalfSold() {
        let seats = Fixture.seats(Fixture.concertHall, soldEvery: 2, heldEvery: 5)
        let state = Fixture.hallMap(.large, Fixture.mahler, hall: Fixture.concertHall, seats: seats)
        Golden.check(Renderer.render(state), "hall-concert-120x40")
    }

    @Test func loadingMap() {
        var state = Fixture.list(.small)
        state = Fixture.reduce(state, .activate)
        #expect(state.route == .hall && state.hall?.venue == nil)
        Golden.check(Renderer.render(state), "hall-loading-80x24")
    }

    @Test(arguments: [Size.small, Size.large])
    func helpOverlay(size: Size) {
        let state = Fixture.reduce(Self.theatre(size), .toggleHelp)
        Golden.check(Renderer.render(state), "help-hall-\(size.name)")
    }

    @Test func helpOnTheList() {
        let state = Fixture.reduce(Fixture.list(.small), .toggleHelp)
        Golden.check(Renderer.render(state), "help-performances-80x24")
    }

    @Test func tooSmall() {
        let state = Fixture.reduce(Self.theatre(.small), .resized(Size(width: 70, height: 20)))
        Golden.check(Renderer.render(state), "too-small-70x20")
    }

    @Test func cursorIsDrawnInReverseAndSelectedSeatsAsStars() throws {
        let state = Self.theatre(.small)
        let canvas = Renderer.render(state)
        let hall = try #require(state.hall)
        let cursor = try #require(hall.cursorSeat)
        let viewport = HallLayout(size: .small).viewport
        let x = viewport.x - hall.scroll.x + cursor.x
        let y = viewport.y - hall.scroll.y + cursor.y
        #expect(canvas[x, y].style == HallMapView.cursorStyle)
        for seat in hall.selectedSeats {
            let cell = canvas[viewport.x - hall.scroll.x + seat.x, viewport.y - hall.scroll.y + seat.y]
            #expect(cell.character == "*" && cell.style.reverse)
        }
    }
}
