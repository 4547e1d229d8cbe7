import Foundation
import Testing
@testable import TerminalUI

@Suite struct DoorGoldenTests {
    static func door(_ size: Size) -> DoorState {
        var state = DoorState(size: size, now: Fixture.date("2026-12-24T09:30:00Z"), timeZone: Fixture.zone,
                              server: Fixture.server, performanceId: "prf_7e3b9c1d5a2f4e6b8c0d", gate: "North")
        state = reduce(state, .identified(performanceTitle: "아이유 콘서트 2026", door: "North door"),
                       .status(checkedIn: 7_409, tickets: 9_852, pendingUploads: 0, mode: .online,
                               listDownloadedAt: Fixture.date("2026-12-24T09:00:00Z")))
        // Seat labels as the door words them (`DoorDesk`), in the fixture's language.
        let seat = { (section: String, row: String, number: String) in
            Fixture.language.text("{0} · row {1} · seat {2}", section, row, number)
        }
        let earlier = [
            DoorState.Scan(verdict: .invalid("the code is not a QueueTicket ticket code"), seat: nil,
                           at: Fixture.date("2026-12-24T09:28:02Z"), offline: false),
            DoorState.Scan(verdict: .revoked, seat: seat("FLOOR-B", "7", "2"), at: Fixture.date("2026-12-24T09:28:40Z"),
                           offline: false),
            DoorState.Scan(verdict: .admit, seat: seat("FLOOR-A", "3", "12"), at: Fixture.date("2026-12-24T09:29:10Z"),
                           offline: false),
        ]
        for scan in earlier { state = reduce(state, .scanned(scan)) }
        return state
    }

    static func reduce(_ state: DoorState, _ intents: DoorIntent...) -> DoorState {
        intents.reduce(state) { DoorReducer.reduce($0, $1).0 }
    }

    @Test(arguments: [Size.small, Size.large])
    func admitted(size: Size) {
        let state = Self.reduce(Self.door(size), .scanned(.init(verdict: .admit, seat: "FLOOR-A · row 3 · seat 13",
                                                                at: Fixture.date("2026-12-24T09:29:58Z"), offline: false)))
        Golden.check(DoorScreen.render(state), "door-admit-\(size.name)")
    }

    @Test(arguments: [Size.small, Size.large])
    func alreadyInOffline(size: Size) {
        var state = Self.door(size)
        state = Self.reduce(state, .status(checkedIn: 7_410, tickets: 9_852, pendingUploads: 3,
                                           mode: .offline(forced: false),
                                           listDownloadedAt: Fixture.date("2026-12-24T09:20:00Z")),
                            .scanned(.init(verdict: .alreadyIn(at: Fixture.date("2026-12-24T09:29:10Z"), gate: "South"),
                                           seat: "FLOOR-A · row 3 · seat 12", at: Fixture.date("2026-12-24T09:29:58Z"),
                                           offline: true)))
        Golden.check(DoorScreen.render(state), "door-already-in-offline-\(size.name)")
    }

    /// A scanner types letters that are commands elsewhere (q, r, o…): here they are only text.
    @Test func aScannersBurstIsOneCodeAndEnterSubmitsIt() {
        var state = Self.door(.small)
        var effects: [DoorEffect] = []
        let code = TicketFixtures.codes[0]
        for character in code {
            let intent = DoorReducer.intent(for: .key(.character(character)))
            #expect(intent == .type(character))
            (state, effects) = DoorReducer.reduce(state, intent!)
            #expect(effects.isEmpty)
        }
        (state, effects) = DoorReducer.reduce(state, DoorReducer.intent(for: .key(.enter))!)
        #expect(effects == [.scan(code: code, at: state.now)])
        #expect(state.input.isEmpty && state.inFlight == 1)
        (_, effects) = DoorReducer.reduce(state, .submit)
        #expect(effects.isEmpty, "an empty field sends nothing")
    }

    @Test func f2GoesOfflineAndBack() {
        var (state, effects) = DoorReducer.reduce(Self.door(.small), DoorReducer.intent(for: .key(.function(2)))!)
        #expect(state.mode == .offline(forced: true) && effects == [.setOffline(true)])
        (state, effects) = DoorReducer.reduce(state, .toggleOffline)
        #expect(state.mode == .online && effects == [.setOffline(false)])
    }
}
