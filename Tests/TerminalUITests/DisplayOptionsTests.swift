import Foundation
import Testing
@testable import TerminalUI

@Suite struct DisplayOptionsTests {
    @Test func noColorStripsColoursButKeepsHighlights() {
        let options = DisplayOptions.from(environment: ["NO_COLOR": "1"], theme: nil)
        #expect(!options.colour)
        let cursor = options.apply(HallMapView.cursorStyle)
        #expect(cursor.foreground == .default && cursor.background == .default && cursor.reverse && cursor.bold)
        #expect(options.apply(Theme.error) == Style(bold: true))
        #expect(DisplayOptions.from(environment: ["NO_COLOR": ""], theme: nil).colour, "an empty NO_COLOR is unset")
    }

    @Test func highContrastDropsDimAndBoldensColour() {
        let options = DisplayOptions.from(environment: [:], theme: "high-contrast")
        #expect(options.highContrast && options.colour)
        #expect(!options.apply(Theme.muted).dim)
        #expect(options.apply(Theme.frame) == Style(foreground: .cyan, bold: true))
        #expect(options.apply(Theme.header) == Style(foreground: .black, background: .white, bold: true))
    }

    @Test func f2SwitchesTheThemeAndTheCanvasFollows() {
        var state = Fixture.list(.small)
        let plain = Renderer.render(state)
        state = Fixture.reduce(state, .toggleContrast)
        #expect(state.display.highContrast)
        let styled = Renderer.render(state).styled(state.display)
        #expect(styled.text() != "" && (0..<styled.height).allSatisfy { y in
            (0..<styled.width).allSatisfy { !styled[$0, y].style.dim }
        })
        #expect((0..<plain.height).contains { y in (0..<plain.width).contains { plain[$0, y].style.dim } })
        #expect(Keymaps.intent(for: .key(.function(2)), in: state) == .toggleContrast)
        #expect(!Fixture.reduce(state, .toggleContrast).display.highContrast)
    }
}
