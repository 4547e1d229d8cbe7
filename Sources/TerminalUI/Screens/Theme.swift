import TicketingDomain
import TicketingProtocol

/// Named styles, so screens say what a thing is and the look is decided in one place.
public enum Theme {
    public static let header = Style(foreground: .white, background: .blue, bold: true)
    public static let statusBar = Style(reverse: true)
    public static let title = Style(bold: true)
    public static let label = Style(dim: true)
    public static let error = Style(foreground: .red, bold: true)
    public static let warning = Style(foreground: .yellow, bold: true)
    public static let good = Style(foreground: .green, bold: true)
    public static let muted = Style(dim: true)
    public static let focus = Style(bold: true, reverse: true)
    public static let frame = Style(foreground: .cyan)
    public static let stage = Style(foreground: .white, bold: true)
}

/// What a seat looks like on the map. Each state has its own glyph so the map reads the same
/// in monochrome and in golden files; colour only adds the grade.
public struct GradePalette: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var grade: String
        public var price: Int
        public var glyph: Character
        public var color: TermColor
    }

    public static let selectedGlyph: Character = "*"
    public static let heldGlyph: Character = "-"
    public static let soldGlyph: Character = "x"
    private static let colors: [TermColor] = [.magenta, .red, .green, .cyan, .yellow, .blue]

    /// Grades from the most to the least expensive.
    public let entries: [Entry]

    /// Glyphs are the grade's first letter (VIP → V) unless taken, then its next unused letter,
    /// then a digit; colours follow price order.
    public init(grades: [GradeSpec]) {
        var used: Set<Character> = [Self.selectedGlyph, Self.heldGlyph, Self.soldGlyph]
        var entries: [Entry] = []
        for (i, grade) in grades.sorted(by: { ($0.price, $1.grade) > ($1.price, $0.grade) }).enumerated() {
            let candidates = grade.grade.uppercased().filter { $0.isLetter || $0.isNumber }
                + "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            let glyph = candidates.first { !used.contains($0) && DisplayWidth.of($0) == 1 } ?? "#"
            used.insert(glyph)
            entries.append(Entry(grade: grade.grade, price: grade.price, glyph: glyph,
                                 color: Self.colors[i % Self.colors.count]))
        }
        self.entries = entries
    }

    public func entry(for grade: String) -> Entry? {
        entries.first { $0.grade == grade }
    }

    /// The glyph and style of a seat; the cursor is drawn on top by the map.
    public func look(of seat: SeatDTO, selected: Bool) -> (Character, Style) {
        let color = entry(for: seat.grade)?.color ?? .default
        if selected { return (Self.selectedGlyph, Style(foreground: color, bold: true, reverse: true)) }
        switch seat.state {
        case .available: return (entry(for: seat.grade)?.glyph ?? "?", Style(foreground: color, bold: true))
        case .held: return (Self.heldGlyph, Style(foreground: .yellow, dim: true))
        case .sold: return (Self.soldGlyph, Style(dim: true))
        }
    }
}
