import Foundation
import Testing
@testable import TerminalUI
import TicketingDomain
import TicketingProtocol

/// What a newcomer trying `qticket demo` meets first: the key hints after logging in, their own
/// hold at checkout, and the server log's path under the login form.
@Suite struct DemoNewcomerTests {
    @Test func theKeyHintsShowRightAfterLoggingIn() {
        var state = Fixture.state(.small)
        state.login.email = Fixture.buyer.email
        state.login.password = "queueticket-demo"
        state.login.focus = .submit
        state = Fixture.reduce(state, .activate, .signedIn(Fixture.buyer), .performancesLoaded(Fixture.catalog))
        #expect(state.notice == nil)
        let hints = Keymaps.screen(for: state).hints
        let statusBar = Renderer.render(state).line(state.size.height - 1)
        #expect(statusBar.contains(hints), "\(statusBar)")
    }

    /// The hold's own seat pushes can arrive before its answer; they are not "taken by others".
    @Test func yourOwnHoldIsNotNoLongerAvailable() throws {
        var state = PurchaseFlowTests.mahlerMap()
        state = Fixture.reduce(state, .activate, .admitted(performanceId: Fixture.mahler.id, token: PurchaseFlowTests.token,
                                                           expiresAt: Fixture.now.addingTimeInterval(900)),
                               .toggle, .move(.right), .toggle)
        let picked = try #require(state.hall?.selected)
        #expect(picked.count == 2)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects.count == 1 && state.pending.contains(.hold))
        let version = try #require(state.hall?.version)
        state = Fixture.reduce(state, .seatStates(performanceId: Fixture.mahler.id, version: version + 1,
                                                  changes: picked.map { SeatStateDTO(id: $0, state: "held") },
                                                  snapshot: false))
        let amount = state.hall?.selectedTotal ?? 0
        let hold = HoldDTO(holdId: "hld_1", performanceId: Fixture.mahler.id, seatIds: picked, amount: amount,
                           expiresAt: Fixture.now.addingTimeInterval(419))
        state = Fixture.reduce(state, .held(hold))
        #expect(state.route == .checkout)
        #expect(state.notice?.text.contains("No longer available") != true, "\(state.notice?.text ?? "")")
    }

    /// Someone else's hold on a picked seat is still reported while no hold of ours is asked.
    @Test func seatsTakenByOthersAreStillReported() throws {
        var state = PurchaseFlowTests.mahlerMap()
        state = Fixture.reduce(state, .toggle)
        let picked = try #require(state.hall?.selected.first)
        let version = try #require(state.hall?.version)
        state = Fixture.reduce(state, .seatStates(performanceId: Fixture.mahler.id, version: version + 1,
                                                  changes: [SeatStateDTO(id: picked, state: "held")], snapshot: false))
        #expect(state.notice?.text.hasPrefix("No longer available") == true)
    }

    /// As long as the demo's old temporary paths were; the demo now makes shorter ones.
    static let logPath = "/tmp/qticket-demo-8C0F7C1E-5D0B-4B0A-9D55-1C2E3F4A5B6C/qticketd.log"

    /// At 80 and 120 columns the log's path is on one line, whole, so it can be read and copied.
    @Test(arguments: [Size.small, Size.large])
    func theServerLogPathIsShownWhole(size: Size) {
        var state = Fixture.state(size)
        state.loginHint = "Demo accounts (password queueticket-demo):\n"
            + "  buyer buyer@demo.queueticket.dev · seller seller@demo.queueticket.dev\nServer log: \(Self.logPath)"
        let canvas = Renderer.render(state)
        #expect((0..<canvas.height).contains { canvas.line($0).contains(Self.logPath) }, "\(canvas.text())")
        Golden.check(canvas, "login-demo-log-\(size.name)")
    }

    @Test func aWordLongerThanTheLineContinuesOnTheNext() {
        #expect(TextWrap.lines("log: abcdefghij", width: 6) == ["log:", "abcdef", "ghij"])
    }
}
