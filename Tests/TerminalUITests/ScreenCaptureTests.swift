import Foundation
import Testing

/// The screen captures in README.md and docs/TERMINAL_CLIENT.md are cut from the golden files,
/// so they cannot drift from what the client draws. A capture is a fenced block right after
/// `<!-- capture: NAME -->` or `<!-- capture: NAME lines A-B -->`; `QTICKET_RECORD_GOLDENS=1`
/// rewrites the blocks from the goldens.
@Suite struct ScreenCaptureTests {
    static let root = Golden.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let documents = ["README.md", "docs/TERMINAL_CLIENT.md"]

    /// The golden's rows (a range of them if asked), runs of blank rows shown as one.
    static func capture(_ name: String, lines: ClosedRange<Int>?) throws -> String {
        let text = try String(contentsOf: Golden.directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rows.last == "" { rows.removeLast() }
        if let lines { rows = Array(rows[(lines.lowerBound - 1)..<min(rows.count, lines.upperBound)]) }
        var out: [String] = []
        for row in rows where !(row.isEmpty && out.last?.isEmpty == true) { out.append(row) }
        return out.joined(separator: "\n")
    }

    /// The document with every capture block replaced from its golden, and the names found.
    static func regenerated(_ document: String) throws -> (String, [String]) {
        var lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var names: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("<!-- capture: "), line.hasSuffix(" -->") else { i += 1; continue }
            let words = line.dropFirst(14).dropLast(4).split(separator: " ").map(String.init)
            let name = words[0]
            var range: ClosedRange<Int>?
            if words.count == 3, words[1] == "lines" {
                let bounds = words[2].split(separator: "-").compactMap { Int($0) }
                if bounds.count == 2 { range = bounds[0]...bounds[1] }
            }
            names.append(name)
            // The fenced block that follows the marker: ``` … ```.
            guard i + 1 < lines.count, lines[i + 1] == "```",
                  let end = lines[(i + 2)...].firstIndex(of: "```") else {
                Issue.record("capture \(name): no fenced block after the marker")
                i += 1
                continue
            }
            let block = try capture(name, lines: range).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            lines.replaceSubrange((i + 2)..<end, with: block)
            i += 2 + block.count + 1
        }
        return (lines.joined(separator: "\n"), names)
    }

    @Test(arguments: documents)
    func capturesMatchTheGoldens(document: String) throws {
        let url = Self.root.appendingPathComponent(document)
        let text = try String(contentsOf: url, encoding: .utf8)
        let (fresh, names) = try Self.regenerated(text)
        #expect(!names.isEmpty, "\(document) has no captures")
        if Golden.recording {
            try fresh.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        if fresh != text {
            let diff = Golden.diff(expected: text, actual: fresh)
            Issue.record("\(document): captures differ from the goldens; QTICKET_RECORD_GOLDENS=1 rewrites them:\n\(diff)")
        }
    }
}
