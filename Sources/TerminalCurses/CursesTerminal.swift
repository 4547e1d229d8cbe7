import CNCurses
import Foundation
import TerminalUI

public struct TerminalStartError: Error, CustomStringConvertible {
    public var description: String
}

/// The terminal as curses drives it: raw keys, mouse, colours, and a painter that sends only the
/// cells that changed since the last frame.
///
/// Curses is single-threaded and global, so this type is deliberately not `Sendable`: create it,
/// use it and close it on one thread. `close()` (also run on deinit) restores the terminal.
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private var palette: ColorPairs?
    private var painted: Canvas?
    public let hasColors: Bool

    public init() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalStartError(description: "the terminal client needs a terminal on standard input and output")
        }
        Self.selectUTF8Locale()
        // newterm, unlike initscr, reports an unusable terminal instead of exiting the process.
        guard let screen = newterm(nil, qt_stdout(), qt_stdin()) else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw TerminalStartError(description: "cannot start the terminal UI: TERM=\(term) is not a usable terminal")
        }
        self.screen = screen
        raw()
        noecho()
        nonl()
        keypad(qt_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        if has_colors() {
            start_color()
            let defaults = use_default_colors() == OK
            palette = ColorPairs(limit: Int(qt_color_pairs()) - 1, defaultColors: defaults)
        }
        hasColors = palette != nil
        // Pressed, not clicked: with no click interval a tap is reported at once.
        mouseinterval(0)
        mousemask(qt_button1_pressed() | qt_button4_pressed() | qt_button5_pressed(), nil)
    }

    deinit { close() }

    /// Leaves curses and puts the terminal back as it was; safe to call more than once.
    public func close() {
        guard let screen else { return }
        endwin()
        delscreen(screen)
        self.screen = nil
    }

    public var size: Size {
        Size(width: Int(qt_cols(qt_stdscr())), height: Int(qt_lines(qt_stdscr())))
    }

    /// The next input event, waiting at most `timeoutMilliseconds` (0 polls).
    public func readEvent(timeoutMilliseconds: Int32) -> InputEvent? {
        guard screen != nil else { return nil }
        wtimeout(qt_stdscr(), timeoutMilliseconds)
        var code: wint_t = 0
        switch wget_wch(qt_stdscr(), &code) {
        case qt_key_code_yes(): return keyCode(Int32(code))
        case OK: return KeyDecoder.character(UInt32(code)).map(InputEvent.key)
        default: return nil
        }
    }

    private func keyCode(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            painted = nil
            return .resize(size)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            return KeyDecoder.mouse(event)
        default:
            return KeyDecoder.keyCode(code).map(InputEvent.key)
        }
    }

    /// Paints `canvas`, sending curses only the cells that differ from the last frame (all of
    /// them after a resize).
    public func paint(_ canvas: Canvas) {
        guard screen != nil else { return }
        let window = qt_stdscr()
        let previous = painted?.size == canvas.size ? painted : nil
        if previous == nil {
            werase(window)
            clearok(window, true)
        }
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if let previous, previous[x, y] == cell,
                   cell.width == 1 || previous[x + 1, y] == canvas[x + 1, y] { continue }
                draw(cell, x: Int32(x), y: Int32(y), window: window)
            }
        }
        wnoutrefresh(window)
        doupdate()
        painted = canvas
    }

    private func draw(_ cell: Cell, x: Int32, y: Int32, window: UnsafeMutablePointer<WINDOW>?) {
        var style = cell.style
        var pair: Int16 = 0
        if let palette {
            pair = palette.pair(foreground: style.foreground, background: style.background)
        } else if style.background != .default {
            // Monochrome: a coloured background marks a highlight (the cursor), so keep it visible.
            style.reverse = true
        }
        let attributes = Self.attributes(style)
        if let acs = LineDrawing.acs(for: cell.character) {
            _ = qt_put_acs(window, y, x, acs, attributes, pair)
            return
        }
        var wide = Array(cell.character.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) })
        wide.append(0)
        _ = qt_put_wide(window, y, x, wide, attributes, pair)
    }

    private static func attributes(_ style: Style) -> attr_t {
        var value = qt_a_normal()
        if style.bold { value |= qt_a_bold() }
        if style.reverse { value |= qt_a_reverse() }
        if style.dim { value |= qt_a_dim() }
        if style.underline { value |= qt_a_underline() }
        return value
    }

    /// The user's locale if it is UTF-8, else C.UTF-8: wide characters need a UTF-8 locale and
    /// these machines have no other.
    private static func selectUTF8Locale() {
        if setlocale(LC_ALL, "") != nil, let codeset = nl_langinfo(nl_item(CODESET)),
           String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" {
            return
        }
        if setlocale(LC_ALL, "C.UTF-8") == nil { _ = setlocale(LC_ALL, "C.utf8") }
    }
}
