import Foundation
import Testing
import TicketingProtocol
@testable import TerminalUI

/// Key flows driven the way the app drives them: events through the keymap, intents through
/// the reducer, effects checked as they are asked for and answered by hand.
@Suite struct ReducerFlowTests {
    /// Feeds one event the way the UI loop does and returns the effects it asked for.
    static func send(_ event: InputEvent, _ state: inout AppState) -> [Effect] {
        guard let intent = Keymaps.intent(for: event, in: state) else { return [] }
        let (next, effects) = Reducer.reduce(state, intent)
        state = next
        return effects
    }

    static func type(_ text: String, _ state: inout AppState) {
        for character in text { _ = send(.key(.character(character)), &state) }
    }

    @Test func loginListHallCursorAndSelection() throws {
        var state = Fixture.state(.small)
        Self.type("buyer@demo.queueticket.dev", &state)
        #expect(Self.send(.key(.enter), &state).isEmpty)  // Enter on the email moves to the password
        #expect(state.login.focus == .password)
        Self.type("queueticket-demo", &state)
        let login = Self.send(.key(.enter), &state)
        #expect(login == [.logIn(email: "buyer@demo.queueticket.dev", password: "queueticket-demo")])
        #expect(state.pending == [.auth])
        // A second Enter while the first login is in flight sends nothing more.
        #expect(Self.send(.key(.enter), &state).isEmpty)

        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .signedIn(Fixture.buyer))
        #expect(effects == [.loadPerformances])
        #expect(state.route == .performances && state.login.password.isEmpty)
        (state, effects) = Reducer.reduce(state, .performancesLoaded(Fixture.catalog))
        #expect(state.list.current?.id == Fixture.jazz.id)

        _ = Self.send(.key(.character("j")), &state)
        _ = Self.send(.key(.character("j")), &state)
        #expect(state.list.current?.id == Fixture.mahler.id)
        let open = Self.send(.key(.enter), &state)
        #expect(open == [.loadHall(performanceId: Fixture.mahler.id, venueId: "ven_concert")])
        #expect(state.route == .hall)

        (state, _) = Reducer.reduce(state, .hallLoaded(performanceId: Fixture.mahler.id,
                                                       venue: Fixture.venue(Fixture.concertHall, id: "ven_concert"),
                                                       version: 1, seats: Fixture.seats(Fixture.concertHall)))
        let start = try #require(state.hall?.cursorSeat)
        #expect(start.grade == "VIP" && start.state == .available)
        // 52 rows do not fit 24: the overview first, on the best seat's section; Enter zooms in.
        #expect(state.hall?.zoomed == false && state.hall?.section == start.section)
        _ = Self.send(.key(.enter), &state)
        #expect(state.hall?.zoomed == true && state.hall?.cursorSeat == start)

        _ = Self.send(.key(.character("l")), &state)
        let right = try #require(state.hall?.cursorSeat)
        #expect(right.y == start.y && right.x > start.x)
        _ = Self.send(.key(.down), &state)
        let below = try #require(state.hall?.cursorSeat)
        #expect(below.y > right.y)
        _ = Self.send(.key(.character("k")), &state)
        _ = Self.send(.key(.character("h")), &state)
        #expect(state.hall?.cursorSeat == start)

        _ = Self.send(.key(.character(" ")), &state)
        _ = Self.send(.key(.character("l")), &state)
        _ = Self.send(.key(.character(" ")), &state)
        let hall = try #require(state.hall)
        let expected = [start] + (right.state == .available ? [right] : [])
        #expect(hall.selected == expected.map(\.id))
        #expect(hall.selectedTotal == expected.reduce(0) { $0 + $1.price })

        _ = Self.send(.key(.escape), &state)
        #expect(state.route == .hall && state.hall?.zoomed == false)
        _ = Self.send(.key(.escape), &state)
        #expect(state.route == .performances && state.hall == nil)
        #expect(state.list.current?.id == Fixture.mahler.id)
    }

    @Test func selectionRules() throws {
        // Row A of the theatre: seat indices 3 and 10 are sold, 5 is held in the fixture.
        var state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre)
        let map = try #require(state.hall?.map)
        let sold = try #require(map.seats.firstIndex { $0.state == .sold })
        let held = try #require(map.seats.firstIndex { $0.state == .held })
        let free = map.seats.indices.filter { map.seats[$0].state == .available }

        state.hall?.cursor = sold
        state = Fixture.reduce(state, .toggle)
        #expect(state.hall?.selected.isEmpty == true)
        #expect(state.notice?.text == "\(map.seats[sold].label) is sold." && state.notice?.isError == true)

        state.hall?.cursor = held
        state = Fixture.reduce(state, .toggle)
        #expect(state.hall?.selected.isEmpty == true)

        // The theatre show allows two seats per order.
        for index in free.prefix(3) {
            state.hall?.cursor = index
            state = Fixture.reduce(state, .toggle)
        }
        #expect(state.hall?.selected == free.prefix(2).map { map.seats[$0].id })
        #expect(state.notice?.text == "At most 2 seats per order for this performance.")

        state.hall?.cursor = free[0]
        state = Fixture.reduce(state, .toggle)
        #expect(state.hall?.selected == [map.seats[free[1]].id])
        state = Fixture.reduce(state, .clearSelection)
        #expect(state.hall?.selected.isEmpty == true)
    }

    @Test func sellersLookButDoNotPick() {
        var state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre, as: Fixture.seller)
        state = Fixture.reduce(state, .toggle)
        #expect(state.hall?.selected.isEmpty == true)
        #expect(state.notice?.isError == true)
    }

    @Test func seatsTakenByOthersLeaveTheSelection() throws {
        var state = Fixture.hallMap(.small, Fixture.jazz, hall: Fixture.concertHall)
        state = Fixture.reduce(state, .toggle, .move(.right), .toggle)
        let picked = try #require(state.hall?.selected)
        #expect(picked.count == 2)
        var seats = try #require(state.hall?.map.seats)
        let taken = try #require(seats.firstIndex { $0.id == picked[0] })
        seats[taken].state = .held
        let label = seats[taken].label

        // An older version is ignored; the newer one applies and drops the taken seat.
        var (next, _) = Reducer.reduce(state, .seatsLoaded(performanceId: Fixture.jazz.id, version: 0, seats: seats))
        #expect(next.hall?.selected == picked)
        (next, _) = Reducer.reduce(state, .seatsLoaded(performanceId: Fixture.jazz.id, version: 2, seats: seats))
        #expect(next.hall?.selected == [picked[1]])
        #expect(next.hall?.version == 2)
        #expect(next.notice?.text == "No longer available: \(label).")
    }

    @Test func clickingASeatSelectsIt() throws {
        var state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre)
        let hall = try #require(state.hall)
        let target = try #require(hall.map.seats.last { $0.state == .available })
        let viewport = HallLayout(size: .small).viewport
        // Bring the target into view first, as a person would by scrolling.
        state.hall?.cursor = hall.map.index(of: target.id)
        Reducer.rescrollHall(&state)
        let scroll = try #require(state.hall?.scroll)
        state = Fixture.reduce(state, .click(x: viewport.x - scroll.x + target.x, y: viewport.y - scroll.y + target.y))
        #expect(state.hall?.selected == [target.id])
        #expect(state.hall?.cursorSeat == target)
        // A click outside the map changes nothing.
        let before = state
        state = Fixture.reduce(state, .click(x: 0, y: 0))
        #expect(state == before)
    }

    @Test func clickingAListRowHighlightsThenOpensIt() {
        var state = Fixture.list(.small)
        let area = PerformanceListScreen.tableArea(size: .small)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .click(x: area.x + 2, y: area.y + 3))
        #expect(effects.isEmpty && state.list.selected == 2)
        (state, effects) = Reducer.reduce(state, .click(x: area.x + 2, y: area.y + 3))
        #expect(effects == [.loadHall(performanceId: state.list.items[2].id, venueId: state.list.items[2].venueId)])
    }

    @Test func helpOpensClosesAndSwallowsScreenKeys() {
        var state = Fixture.list(.small)
        _ = ReducerFlowTests.send(.key(.character("?")), &state)
        #expect(state.helpVisible)
        let selected = state.list.selected
        #expect(ReducerFlowTests.send(.key(.enter), &state).isEmpty)
        _ = ReducerFlowTests.send(.key(.character("j")), &state)
        #expect(state.list.selected == selected && state.route == .performances)
        _ = ReducerFlowTests.send(.key(.escape), &state)
        #expect(!state.helpVisible)
        // On a text field "?" is typed; F1 opens help there.
        var login = Fixture.state(.small)
        _ = ReducerFlowTests.send(.key(.character("?")), &login)
        #expect(login.login.email == "?" && !login.helpVisible)
        _ = ReducerFlowTests.send(.key(.function(1)), &login)
        #expect(login.helpVisible)
    }

    @Test func tooSmallIgnoresKeysUntilEnlarged() throws {
        var state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre)
        let cursor = state.hall?.cursor
        _ = ReducerFlowTests.send(.resize(Size(width: 79, height: 24)), &state)
        #expect(state.isTooSmall)
        _ = ReducerFlowTests.send(.key(.character("l")), &state)
        _ = ReducerFlowTests.send(.key(.character(" ")), &state)
        #expect(state.hall?.cursor == cursor && state.hall?.selected.isEmpty == true)
        #expect(Renderer.render(state).text().contains("Terminal too small"))
        #expect(ReducerFlowTests.send(.key(.character("q")), &state) == [.quit])
        _ = ReducerFlowTests.send(.resize(.large), &state)
        #expect(!state.isTooSmall)
        #expect(Renderer.render(state).text().contains("Seoul Arts Theatre · hall map"))
    }

    @Test func reconnectingThenOnlineReloadsTheScreen() {
        var state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .connection(.reconnecting(attempt: 1, retryAt: Fixture.now)))
        #expect(effects.isEmpty)
        #expect(Renderer.render(state).line(23).contains("reconnecting…"))
        (state, effects) = Reducer.reduce(state, .connection(.online))
        #expect(effects == [.loadSeats(performanceId: Fixture.hamlet.id)])
        // Online while already online is no reason to reload.
        (state, effects) = Reducer.reduce(state, .connection(.online))
        #expect(effects.isEmpty)
    }

    @Test func openMapReloadsSeatsOnTheTick() {
        var state = Fixture.hallMap(.small, Fixture.hamlet, hall: Fixture.theatre)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(9)))
        #expect(effects.isEmpty)
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(10)))
        #expect(effects == [.loadSeats(performanceId: Fixture.hamlet.id)])
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(11)))
        #expect(effects.isEmpty)  // the first reload is still in flight
    }

    @Test func failuresReachTheFormAndTheStatusBar() {
        var state = Fixture.state(.small)
        state.login.email = "buyer@demo.queueticket.dev"
        state.login.password = "wrong"
        state.login.focus = .submit
        state = Fixture.reduce(state, .activate, .failed(.auth, message: "Wrong email or password."))
        #expect(state.pending.isEmpty && state.route == .login)
        #expect(state.login.error == "Wrong email or password.")
        #expect(Renderer.render(state).text().contains("Wrong email or password."))
        // Errors fade from the status bar after a while but stay on the form.
        state = Fixture.reduce(state, .tick(Fixture.now.addingTimeInterval(9)))
        #expect(state.notice == nil && state.login.error != nil)
    }

    @Test func signUpSendsNameAndRole() {
        var state = Fixture.state(.small)
        state = Fixture.reduce(state, .previousField, .toggle, .nextField)
        ReducerFlowTests.type("kim@example.com", &state)
        state = Fixture.reduce(state, .nextField)
        ReducerFlowTests.type("long enough", &state)
        state = Fixture.reduce(state, .nextField)
        ReducerFlowTests.type("김민지", &state)
        state = Fixture.reduce(state, .nextField, .toggle)
        let (_, effects) = Reducer.reduce(state, .activate)
        #expect(effects == [.signUp(email: "kim@example.com", password: "long enough", name: "김민지", role: "seller")])
    }

    @Test func logOutForgetsTheSession() {
        let (state, effects) = Reducer.reduce(Fixture.list(.small), .logOut)
        #expect(effects == [.logOut])
        #expect(state.route == .login && state.session == nil && state.list.items.isEmpty)
    }
}
