import CNCurses
import TerminalUI

/// Curses colour pairs, allocated on first use per (foreground, background); pair 0 is the
/// terminal's default. When pairs run out further colours fall back to the default pair.
final class ColorPairs {
    private var pairs: [Key: Int16] = [:]
    private var next: Int16 = 1
    private let limit: Int
    /// Whether -1 ("the terminal's own colour") is allowed; without it default means white on black.
    private let defaultColors: Bool

    private struct Key: Hashable {
        var foreground: TermColor
        var background: TermColor
    }

    init(limit: Int, defaultColors: Bool) {
        self.limit = min(limit, Int(Int16.max))
        self.defaultColors = defaultColors
    }

    func pair(foreground: TermColor, background: TermColor) -> Int16 {
        if foreground == .default && background == .default { return 0 }
        let key = Key(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        guard Int(next) <= limit else { return 0 }
        let pair = next
        next += 1
        init_pair(pair, color(foreground, fallback: .white), color(background, fallback: .black))
        pairs[key] = pair
        return pair
    }

    private func color(_ color: TermColor, fallback: TermColor) -> Int16 {
        if color == .default { return defaultColors ? -1 : Int16(fallback.rawValue) }
        return Int16(color.rawValue)
    }
}
