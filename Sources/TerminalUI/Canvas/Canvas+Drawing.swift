/// Line-drawing glyphs. Canvases hold these Unicode characters so goldens read as boxes; the
/// curses painter swaps them for ACS_* codes, which draw even where the font lacks them.
public enum LineGlyph {
    public static let horizontal: Character = "─"
    public static let vertical: Character = "│"
    public static let topLeft: Character = "┌"
    public static let topRight: Character = "┐"
    public static let bottomLeft: Character = "└"
    public static let bottomRight: Character = "┘"
    public static let full: Character = "█"
    public static let shade: Character = "░"
}

extension Canvas {
    /// Draws `text` from x, y, clipped to `clip` (or the canvas); returns the column after it.
    @discardableResult
    public mutating func text(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Area? = nil) -> Int {
        var column = x
        for character in text {
            // Combining marks ride on the previous cell; control characters are drawn as "?".
            let w = Canvas.isControl(character) ? 1 : DisplayWidth.of(character)
            if w == 0 { continue }
            put(character, x: column, y: y, style: style, clip: clip)
            column += w
        }
        return column
    }

    /// Draws `text` on the first row of `area`, truncated with "…" and aligned within it.
    @discardableResult
    public mutating func text(_ text: String, in area: Area, alignment: Alignment = .left,
                              style: Style = .plain) -> Int {
        guard !area.isEmpty else { return area.x }
        let cut = DisplayWidth.truncate(text, to: area.width)
        let w = DisplayWidth.of(cut)
        let x: Int
        switch alignment {
        case .left: x = area.x
        case .right: x = area.maxX - w
        case .center: x = area.x + (area.width - w) / 2
        }
        return self.text(cut, x: x, y: area.y, style: style, clip: area)
    }

    /// Draws several runs of differently styled text one after another on one row.
    @discardableResult
    public mutating func spans(_ spans: [Span], x: Int, y: Int, clip: Area? = nil) -> Int {
        var column = x
        for span in spans {
            column = text(span.text, x: column, y: y, style: span.style, clip: clip)
        }
        return column
    }

    public mutating func horizontalLine(x: Int, y: Int, width: Int, style: Style = .plain, clip: Area? = nil) {
        for column in x..<(x + max(0, width)) {
            put(LineGlyph.horizontal, x: column, y: y, style: style, clip: clip)
        }
    }

    /// A single-line frame around `area`, with an optional title set into its top edge; only
    /// the part inside `clip` is drawn (a stage half scrolled out of the map view).
    public mutating func box(_ area: Area, title: String? = nil, style: Style = .plain,
                             titleStyle: Style = .bold, clip: Area? = nil) {
        guard area.width >= 2, area.height >= 2 else { return }
        put(LineGlyph.topLeft, x: area.minX, y: area.minY, style: style, clip: clip)
        put(LineGlyph.topRight, x: area.maxX - 1, y: area.minY, style: style, clip: clip)
        put(LineGlyph.bottomLeft, x: area.minX, y: area.maxY - 1, style: style, clip: clip)
        put(LineGlyph.bottomRight, x: area.maxX - 1, y: area.maxY - 1, style: style, clip: clip)
        horizontalLine(x: area.minX + 1, y: area.minY, width: area.width - 2, style: style, clip: clip)
        horizontalLine(x: area.minX + 1, y: area.maxY - 1, width: area.width - 2, style: style, clip: clip)
        for y in (area.minY + 1)..<(area.maxY - 1) {
            put(LineGlyph.vertical, x: area.minX, y: y, style: style, clip: clip)
            put(LineGlyph.vertical, x: area.maxX - 1, y: y, style: style, clip: clip)
        }
        if let title, area.width > 6 {
            let room = Area(x: area.minX + 2, y: area.minY, width: area.width - 4, height: 1)
            let cut = DisplayWidth.truncate(" \(title) ", to: room.width)
            text(cut, x: room.x, y: room.y, style: titleStyle, clip: clip.map { $0.intersection(room) } ?? room)
        }
    }

    /// A full-width bar (header or status line): the row filled with `style`, text on top.
    public mutating func bar(_ area: Area, left: String, right: String = "", style: Style) {
        let row = Area(x: area.x, y: area.y, width: area.width, height: min(1, area.height))
        fill(row, style: style)
        let rightWidth = min(DisplayWidth.of(right), max(0, row.width - 2))
        if rightWidth > 0 {
            text(right, in: Area(x: row.maxX - rightWidth - 1, y: row.y, width: rightWidth, height: 1),
                 alignment: .right, style: style)
        }
        text(left, in: Area(x: row.x + 1, y: row.y, width: row.width - rightWidth - 3, height: 1), style: style)
    }

    /// A horizontal gauge of `fraction` (0…1) on the first row of `area`: filled blocks, then shade.
    public mutating func progressBar(_ area: Area, fraction: Double, filled: Style = .plain,
                                     empty: Style = .dim) {
        guard !area.isEmpty else { return }
        let cells = Self.filledCells(fraction: fraction, width: area.width)
        for i in 0..<area.width {
            put(i < cells ? LineGlyph.full : LineGlyph.shade, x: area.x + i, y: area.y,
                style: i < cells ? filled : empty)
        }
    }

    /// Columns a gauge fills: rounded down, but never zero for a non-zero fraction, so a small
    /// value is still visible.
    public static func filledCells(fraction: Double, width: Int) -> Int {
        guard fraction.isFinite, fraction > 0 else { return 0 }
        let clamped = min(1, fraction)
        return min(width, max(1, Int((clamped * Double(width)).rounded(.down))))
    }

    /// Several lines of text wrapped at word boundaries into `area`; returns the rows used.
    @discardableResult
    public mutating func paragraph(_ text: String, in area: Area, style: Style = .plain) -> Int {
        let lines = TextWrap.lines(text, width: area.width)
        for (i, line) in lines.prefix(area.height).enumerated() {
            self.text(line, x: area.x, y: area.y + i, style: style, clip: area)
        }
        return min(lines.count, area.height)
    }
}

/// A run of text in one style.
public struct Span: Sendable, Equatable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

public enum TextWrap {
    /// Greedy word wrap by display width; a word longer than a line (a path) continues on the
    /// next lines rather than losing its end.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // A line that fits keeps its spacing (indented lists, aligned columns).
            if DisplayWidth.of(paragraph) <= width {
                lines.append(String(paragraph))
                continue
            }
            var current = ""
            for word in paragraph.split(separator: " ") {
                let word = String(word)
                let candidate = current.isEmpty ? word : current + " " + word
                if DisplayWidth.of(candidate) <= width {
                    current = candidate
                } else {
                    if !current.isEmpty { lines.append(current) }
                    var rest = word
                    while DisplayWidth.of(rest) > width {
                        let head = DisplayWidth.prefix(rest, fitting: width)
                        guard !head.isEmpty else { break }
                        lines.append(head)
                        rest.removeFirst(head.count)
                    }
                    current = rest
                }
            }
            lines.append(current)
        }
        return lines
    }
}
