import CNCurses
import Testing
@testable import TerminalCurses
@testable import TerminalUI

/// A raw curses mouse report, as `getmouse` fills it, through the decoder, the keymap and the
/// reducer to a picked seat.
@Suite struct MouseDecoderTests {
    @Test func aLeftPressOnASeatPicksIt() throws {
        var state = Fixture.reduce(PurchaseFlowTests.mahlerMap(), .activate,
                                   .admitted(performanceId: Fixture.mahler.id, token: PurchaseFlowTests.token,
                                             expiresAt: Fixture.now.addingTimeInterval(900)))
        let hall = try #require(state.hall)
        let viewport = HallLayout(size: state.size).viewport
        // An available seat in view that is not under the cursor, located on the drawn screen.
        let seat = try #require(hall.map.seats.first { seat in
            seat.state == .available && seat.id != hall.cursorSeat?.id
                && viewport.contains(x: viewport.x + seat.x - hall.scroll.x, y: viewport.y + seat.y - hall.scroll.y)
        })
        let x = viewport.x + seat.x - hall.scroll.x, y = viewport.y + seat.y - hall.scroll.y
        #expect(Renderer.render(state)[x, y].character != " ")

        let report = MEVENT(id: 0, x: Int32(x), y: Int32(y), z: 0, bstate: qt_button1_pressed())
        let event = try #require(KeyDecoder.mouse(report))
        #expect(event == .mouse(.left, x: x, y: y))
        let intent = try #require(Keymaps.intent(for: event, in: state))
        #expect(intent == .click(x: x, y: y))
        state = Reducer.reduce(state, intent).0
        #expect(state.hall?.selected == [seat.id] && state.hall?.cursorSeat?.id == seat.id)
    }

    @Test func wheelAndUnusedButtons() {
        #expect(KeyDecoder.mouse(MEVENT(id: 0, x: 3, y: 4, z: 0, bstate: qt_button4_pressed())) == .mouse(.wheelUp, x: 3, y: 4))
        #expect(KeyDecoder.mouse(MEVENT(id: 0, x: 3, y: 4, z: 0, bstate: qt_button5_pressed())) == .mouse(.wheelDown, x: 3, y: 4))
        #expect(KeyDecoder.mouse(MEVENT(id: 0, x: 3, y: 4, z: 0, bstate: qt_button1_released())) == nil)
    }
}
