import Testing
@testable import TerminalUI

@Suite struct KeymapTests {
    static let all: [Keymap] = [Keymaps.loginFields, Keymaps.loginOptions, Keymaps.loginButton, Keymaps.performances,
                                Keymaps.hall, Keymaps.help]

    @Test(arguments: all.map(\.title).indices)
    func noKeyIsBoundTwice(index: Int) {
        let keymap = Self.all[index]
        var seen: [Key: String] = [:]
        for binding in keymap.bindings {
            for key in binding.keys {
                #expect(seen[key] == nil, "\(keymap.title): \(key.label) is bound to both \(seen[key] ?? "") and \(binding.help)")
                seen[key] = binding.help
            }
        }
    }

    /// Every screen opens help and says how in its status bar.
    @Test(arguments: all.dropLast().map(\.title).indices)
    func everyScreenHasHelp(index: Int) {
        let keymap = Self.all[index]
        #expect(keymap.bindings.contains { $0.intent == .toggleHelp && $0.keys.contains(.function(1)) })
        #expect(keymap.hints.contains("help"))
        #expect(keymap.intent(for: .control("c")) == .quit)
        if !keymap.typesText {
            #expect(keymap.intent(for: .character("?")) == .toggleHelp)
        }
    }

    @Test(arguments: [
        (Key.character("h"), Intent.move(.left)), (.character("j"), .move(.down)), (.character("k"), .move(.up)),
        (.character("l"), .move(.right)), (.left, .move(.left)), (.down, .move(.down)), (.up, .move(.up)),
        (.right, .move(.right)), (.character(" "), .toggle), (.escape, .back), (.character("q"), .back),
        (.character("c"), .clearSelection), (.pageDown, .page(.down)), (.home, .rowStart),
    ])
    func hallKeys(key: Key, intent: Intent) {
        #expect(Keymaps.hall.intent(for: key) == intent)
    }

    @Test func textFieldsTypeEverythingPrintable() {
        for character in "aZ9 ?qjk@.-_한" {
            #expect(Keymaps.loginFields.intent(for: .character(character)) == .type(character))
        }
        #expect(Keymaps.loginFields.intent(for: .tab) == .nextField)
        #expect(Keymaps.loginFields.intent(for: .backspace) == .deleteBackward)
    }

    @Test func activeKeymapFollowsScreenFocusAndHelp() {
        var state = Fixture.state(.small)
        #expect(Keymaps.active(for: state) == Keymaps.loginFields)
        state.login.focus = .mode
        #expect(Keymaps.active(for: state) == Keymaps.loginOptions)
        state.login.focus = .submit
        #expect(Keymaps.active(for: state) == Keymaps.loginButton)
        state = Fixture.list(.small)
        #expect(Keymaps.active(for: state) == Keymaps.performances)
        state.helpVisible = true
        #expect(Keymaps.active(for: state) == Keymaps.help)
        #expect(Keymaps.screen(for: state) == Keymaps.performances)
    }

    @Test func eventsBecomeIntents() {
        let state = Fixture.list(.small)
        #expect(Keymaps.intent(for: .resize(.large), in: state) == .resized(.large))
        #expect(Keymaps.intent(for: .mouse(.left, x: 3, y: 4), in: state) == .click(x: 3, y: 4))
        #expect(Keymaps.intent(for: .mouse(.wheelDown, x: 0, y: 0), in: state) == .scroll(.down))
        #expect(Keymaps.intent(for: .key(.character("x")), in: state) == nil)
    }

    @Test func hintsAreGeneratedFromTheTable() {
        #expect(Keymaps.performances.hints == "Enter open · o orders · t tickets · L log out · q quit · ? help")
        #expect(Keymaps.hall.hints == "Enter join · Space select · c clear · r refresh · Esc back · ? help")
        #expect(Keymaps.hallAdmitted.hints
            == "Enter hold · b best · Space select · c clear · r refresh · Esc back · ? help")
    }
}
