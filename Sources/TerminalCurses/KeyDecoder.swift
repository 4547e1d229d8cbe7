import CNCurses
import TerminalUI

/// Curses key values to `Key`s.
enum KeyDecoder {
    /// A character read by `wget_wch`: control codes become named keys, the rest text.
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        case 0..<32: return nil
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    /// A function-key code (`KEY_CODE_YES`).
    static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case qt_key_f(1)...qt_key_f(12): return .function(Int(code - qt_key_f(0)))
        default: return nil
        }
    }
}

/// Box-drawing characters of a canvas as curses ACS codes, which draw correctly whatever the
/// terminal's font and encoding.
enum LineDrawing {
    static func acs(for character: Character) -> chtype? {
        switch character {
        case "─": qt_acs_hline()
        case "│": qt_acs_vline()
        case "┌": qt_acs_ulcorner()
        case "┐": qt_acs_urcorner()
        case "└": qt_acs_llcorner()
        case "┘": qt_acs_lrcorner()
        case "├": qt_acs_ltee()
        case "┤": qt_acs_rtee()
        case "┬": qt_acs_ttee()
        case "┴": qt_acs_btee()
        case "┼": qt_acs_plus()
        default: nil
        }
    }
}
