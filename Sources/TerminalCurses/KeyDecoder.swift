import CNCurses
import TerminalUI

/// Curses key values to `Key`s, and mouse reports to pointer events.
public enum KeyDecoder {
    /// A report `getmouse` filled in: a left press or a wheel step at its cell, nothing else
    /// (releases, drags and other buttons are not used).
    public static func mouse(_ event: MEVENT) -> InputEvent? {
        let x = Int(event.x), y = Int(event.y)
        if event.bstate & qt_button1_pressed() != 0 { return .mouse(.left, x: x, y: y) }
        if event.bstate & qt_button4_pressed() != 0 { return .mouse(.wheelUp, x: x, y: y) }
        if event.bstate & qt_button5_pressed() != 0 { return .mouse(.wheelDown, x: x, y: y) }
        return nil
    }

    /// A character read by `wget_wch`: control codes become named keys, the rest text.
    public static func character(_ code: UInt32) -> Key? {
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
    public static func keyCode(_ code: Int32) -> Key? {
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
