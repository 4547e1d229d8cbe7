/// The eight ANSI colours every colour terminal has, plus the terminal's own default.
public enum TermColor: Int, Sendable, Equatable, Hashable, CaseIterable {
    case `default` = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is painted. Screens never rely on colour alone: every state that colour shows is
/// also told by a glyph or by bold/reverse, so a monochrome terminal loses nothing.
public struct Style: Sendable, Equatable, Hashable {
    public var foreground: TermColor
    public var background: TermColor
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(foreground: TermColor = .default, background: TermColor = .default, bold: Bool = false,
                reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
}

/// One terminal cell. A two-column character lives in its left cell; the right one is a
/// continuation that holds nothing, so every row has exactly `width` cells.
public struct Cell: Sendable, Equatable {
    public var character: Character
    /// 1 for most characters, 2 for a wide one, 0 for the continuation cell right of a wide one.
    public var width: Int
    public var style: Style

    public init(character: Character = " ", width: Int = 1, style: Style = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell()

    public var isContinuation: Bool { width == 0 }
}
