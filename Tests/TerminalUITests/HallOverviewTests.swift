import Foundation
import Testing
@testable import TerminalUI

@Suite struct HallOverviewTests {
    static let token = "adm_token"

    static func arena(_ size: Size) -> AppState {
        Fixture.hallMap(size, Fixture.iu, hall: Fixture.arena, overview: true)
    }

    @Test(arguments: [Size.small, Size.large])
    func arenaOpensOnTheOverview(size: Size) throws {
        let state = Self.arena(size)
        let hall = try #require(state.hall)
        #expect(!hall.zoomed && hall.section == hall.cursorSeat?.section)
        #expect(Keymaps.screen(for: state) == Keymaps.hallOverview)
        Golden.check(Renderer.render(state), "hall-overview-arena-\(size.name)")
    }

    @Test func aHallThatFitsOpensAtSeatLevel() {
        let state = Fixture.hallMap(.large, Fixture.hamlet, hall: Fixture.theatre, overview: true)
        #expect(state.hall?.zoomed == true)
        #expect(Fixture.reduce(state, .zoom).hall?.zoomed == true, "no overview to go back to")
    }

    @Test func arrowsPickTheNeighbouringSection() throws {
        var state = Self.arena(.small)
        let start = try #require(state.hall?.section)
        state = Fixture.reduce(state, .move(.right))
        let right = try #require(state.hall?.section)
        #expect(right != start)
        state = Fixture.reduce(state, .move(.left))
        #expect(state.hall?.section == start, "left undoes right between side-by-side sections")
        state = Fixture.reduce(state, .move(.down), .move(.down), .move(.down))
        let sections = Reducer.hallSections(try #require(state.hall))
        let below = try #require(sections.first { $0.name == state.hall?.section })
        let first = try #require(sections.first { $0.name == start })
        #expect(below.bounds.y > first.bounds.y)
    }

    @Test(arguments: [Size.small, Size.large])
    func enterZoomsIntoThePickedSectionAndZBacksOut(size: Size) throws {
        var state = Fixture.reduce(Self.arena(size), .move(.right), .move(.right))
        let section = try #require(state.hall?.section)
        state = Fixture.reduce(state, .activate)
        let hall = try #require(state.hall)
        #expect(hall.zoomed && hall.cursorSeat?.section == section && hall.cursorSeat?.state == .available)
        let viewport = HallLayout(size: size).viewport
        let cursor = try #require(hall.cursorSeat)
        #expect(viewport.contains(x: viewport.x - hall.scroll.x + cursor.x, y: viewport.y - hall.scroll.y + cursor.y))
        Golden.check(Renderer.render(state), "hall-zoomed-arena-\(size.name)")
        state = Fixture.reduce(state, .move(.left), .zoom)
        #expect(state.hall?.zoomed == false && state.hall?.section == state.hall?.cursorSeat?.section)
        state = Fixture.reduce(state, .activate, .back)
        #expect(state.route == .hall && state.hall?.zoomed == false, "Esc at seat level goes back to the overview")
        state = Fixture.reduce(state, .back)
        #expect(state.route == .performances)
    }

    @Test func bestInTheSectionAsksTheServerForThatSection() throws {
        var state = Fixture.reduce(Self.arena(.small), .move(.right))
        state.purchase = PurchaseState(performance: Fixture.iu)
        state = Fixture.reduce(state, .admitted(performanceId: Fixture.iu.id, token: Self.token,
                                                expiresAt: Fixture.now.addingTimeInterval(900)))
        state.route = .hall
        #expect(Keymaps.screen(for: state) == Keymaps.hallOverviewAdmitted)
        let hall = try #require(state.hall)
        let section = try #require(Reducer.hallSections(hall).first { $0.name == hall.section })
        let (_, effects) = Reducer.reduce(state, .bestAvailable)
        #expect(effects == [.hold(performanceId: Fixture.iu.id, token: Self.token, seatIds: nil,
                                  grade: section.mainGrade, count: 2, section: section.name)])
    }

    @Test func aClickPicksASectionAndASecondClickZooms() throws {
        var state = Self.arena(.large)
        let hall = try #require(state.hall)
        let sections = Reducer.hallSections(hall)
        let target = try #require(sections.first { $0.name != hall.section && $0.name.hasPrefix("2") })
        let layout = HallLayout(size: .large)
        let area = HallOverviewView.projection(try #require(hall.venue).layout, viewport: layout.viewport)
            .area(of: target.bounds)
        state = Fixture.reduce(state, .click(x: area.x, y: area.y))
        #expect(state.hall?.section == target.name && state.hall?.zoomed == false)
        state = Fixture.reduce(state, .click(x: area.x, y: area.y))
        #expect(state.hall?.zoomed == true && state.hall?.cursorSeat?.section == target.name)
    }

    @Test func growingTheWindowUntilTheMapFitsZoomsIn() {
        let state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre, overview: true)
        var small = state
        small.hall?.zoomed = false
        #expect(Fixture.reduce(small, .resized(.large)).hall?.zoomed == true)
    }

    @Test func shadingFollowsTheShareOfFreeSeats() {
        #expect(HallOverviewView.shade(available: 10, total: 10) == "█")
        #expect(HallOverviewView.shade(available: 5, total: 10) == "▓")
        #expect(HallOverviewView.shade(available: 3, total: 10) == "▒")
        #expect(HallOverviewView.shade(available: 1, total: 10) == "░")
        #expect(HallOverviewView.shade(available: 0, total: 10) == "·")
    }
}
