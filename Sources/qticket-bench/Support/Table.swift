import Foundation

/// A Markdown table printed to stdout, with right-aligned number columns.
struct Table {
    let title: String
    let columns: [String]
    private(set) var rows: [[String]] = []

    init(_ title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    func render() -> String {
        var lines = ["### \(title)", ""]
        lines.append("| " + columns.joined(separator: " | ") + " |")
        lines.append("|" + columns.enumerated().map { $0.offset == 0 ? " --- " : " ---: " }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    func print() {
        FileHandle.standardOutput.write(Data((render() + "\n").utf8))
    }
}

enum Format {
    static func number(_ value: Double, digits: Int = 0) -> String {
        guard value.isFinite else { return "–" }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = digits
        formatter.maximumFractionDigits = digits
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    static func int(_ value: Int) -> String { number(Double(value)) }

    static func ms(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        return value < 10 ? String(format: "%.2f", value) : String(format: "%.1f", value)
    }

    static func ratio(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f×", value) : "–"
    }

    static func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
}

/// Progress lines go to stderr so stdout holds only the Markdown tables.
func note(_ text: String) {
    FileHandle.standardError.write(Data(("· " + text + "\n").utf8))
}
