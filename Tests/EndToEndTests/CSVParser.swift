/// A strict RFC 4180 reader for tests, written apart from the server's writer so a round trip
/// checks one against the other: quoted fields may hold commas, CR/LF and doubled quotes.
enum CSVParser {
    struct Malformed: Error { var reason: String }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(chars.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else { throw Malformed(reason: "quote inside an unquoted field") }
                quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\r":
                guard chars.popFirst() == "\n" else { throw Malformed(reason: "CR without LF") }
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            case "\n":
                throw Malformed(reason: "bare LF ends a record")
            default:
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted else { throw Malformed(reason: "unterminated quoted field") }
        guard field.isEmpty, row.isEmpty else { throw Malformed(reason: "the last record has no CRLF") }
        return rows
    }
}
