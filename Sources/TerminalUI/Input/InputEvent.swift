/// A key as the terminal reports it, already decoded from curses codes.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    /// Ctrl plus a letter, lower-cased ("c" for Ctrl-C).
    case control(Character)
    case up, down, left, right
    case enter, tab, backTab, backspace, delete, escape
    case home, end, pageUp, pageDown
    case function(Int)

    /// How help screens name the key.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-\(String(c).uppercased())"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .escape: "Esc"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .function(let n): "F\(n)"
        }
    }
}

public enum MouseButton: Sendable, Equatable {
    case left, wheelUp, wheelDown
}

/// Everything a terminal can tell the app.
public enum InputEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseButton, x: Int, y: Int)
    case resize(Size)
}
