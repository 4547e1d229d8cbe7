/// The `.hall` text format (see docs/HALL_FORMAT.md): a header with the name, map size, stage and
/// grades, then sections whose row lines draw seats as grade marks on a grid.
public enum HallFile {
    /// Every problem is reported at once; those tied to a place in the file start "line N:".
    public static func parse(_ text: String) throws(ValidationError) -> Hall {
        var parser = HallParser()
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        // Character-wise split so "\r\n" (one Character in Swift) counts as one line break.
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            parser.read(line, number: index + 1)
        }
        return try parser.finish()
    }

    /// Marks that draw an empty cell (an aisle or a gap between blocks).
    static let gapMarks: Set<Character> = [".", "_"]
}
