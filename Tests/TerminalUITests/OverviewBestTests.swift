import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// "Best N in this section" from the overview itself, before the buyer is admitted: `b` joins the
/// line for the picked section and the admission holds that section's best seats, no zooming.
@Suite struct OverviewBestTests {
    static let token = "adm_token"

    @Test func bBeforeAdmissionJoinsAndTheTurnHoldsThePickedSection() throws {
        var state = Fixture.reduce(HallOverviewTests.arena(.small), .move(.right))
        #expect(Keymaps.screen(for: state).bindings.contains { $0.intent == .bestAvailable })
        let hall = try #require(state.hall)
        let section = try #require(Reducer.hallSections(hall).first { $0.name == hall.section })
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .bestAvailable)
        #expect(state.route == .queue && state.purchase?.bestSection == section.name)
        #expect(effects.contains(.joinQueue(performanceId: Fixture.iu.id)))
        #expect(Reducer.queueView(state)?.bestSection == section.name)

        (state, effects) = Reducer.reduce(state, .admitted(performanceId: Fixture.iu.id, token: Self.token,
                                                           expiresAt: Fixture.now.addingTimeInterval(900)))
        #expect(effects.contains(.hold(performanceId: Fixture.iu.id, token: Self.token, seatIds: nil,
                                       grade: section.mainGrade, count: 2, section: section.name)))
        #expect(state.route == .hall && state.hall?.zoomed == false && state.hall?.section == section.name)
        #expect(state.purchase?.bestSection == nil, "the promise is kept once")
        #expect(state.notice?.text.contains(section.name) == true)
    }

    /// Zoomed into a section of a large hall, `b` holds the best seats there, not anywhere in the hall.
    @Test func bZoomedInHoldsWithinTheCursorsSection() throws {
        var state = Fixture.reduce(HallOverviewTests.arena(.small), .move(.right), .zoom)
        state.purchase = PurchaseState(performance: Fixture.iu)
        state = Fixture.reduce(state, .admitted(performanceId: Fixture.iu.id, token: Self.token,
                                                expiresAt: Fixture.now.addingTimeInterval(900)))
        state.route = .hall
        let seat = try #require(state.hall?.cursorSeat)
        #expect(state.hall?.zoomed == true)
        let (_, effects) = Reducer.reduce(state, .bestAvailable)
        #expect(effects == [.hold(performanceId: Fixture.iu.id, token: Self.token, seatIds: nil, grade: seat.grade,
                                  count: 2, section: seat.section)])
    }

    @Test func withoutBTheTurnHoldsNothing() {
        var state = Fixture.reduce(HallOverviewTests.arena(.small), .move(.right), .zoom)
        state = Fixture.reduce(state, .activate)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .admitted(performanceId: Fixture.iu.id, token: Self.token,
                                                           expiresAt: Fixture.now.addingTimeInterval(900)))
        #expect(!effects.contains { if case .hold = $0 { true } else { false } })
    }

    @Test func aSellerIsToldInsteadOfJoining() {
        var state = Fixture.hallMap(.small, Fixture.iu, hall: Fixture.arena, as: Fixture.seller, overview: true)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .bestAvailable)
        #expect(effects.isEmpty && state.route == .hall && state.notice?.isError == true)
    }

    @Test(arguments: [Size.small, Size.large])
    func theOverviewSaysBPicksTheBestSeats(size: Size) {
        let state = Fixture.reduce(HallOverviewTests.arena(size), .move(.right))
        let canvas = Renderer.render(state)
        #expect(canvas.line(size.height - 1).hasPrefix(" b best · Enter zoom"))
        var korean = state
        korean.language = .ko
        #expect(Renderer.render(korean).line(size.height - 1).hasPrefix(" b 추천 좌석 · Enter 확대"))
    }
}
