import Foundation
import Testing
import TerminalUI

/// Screens compared as text against `Tests/TerminalUITests/Golden/<name>.txt`.
///
/// `QTICKET_RECORD_GOLDENS=1 swift test --filter TerminalUITests` rewrites the files from the
/// current screens; review the diff before committing it, as for any other code change.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["QTICKET_RECORD_GOLDENS"] == "1" }

    static func check(_ canvas: Canvas, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = directory.appendingPathComponent("\(name).txt")
        let actual = canvas.text() + "\n"
        if recording {
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot record \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden \(name).txt; record it with QTICKET_RECORD_GOLDENS=1 and review it",
                         sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        Issue.record("screen differs from \(name).txt:\n\(diff(expected: expected, actual: actual))",
                     sourceLocation: sourceLocation)
    }

    /// The differing lines, numbered, expected above actual.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(old.count, new.count) {
            let a = i < old.count ? String(old[i]) : "<missing>"
            let b = i < new.count ? String(new[i]) : "<missing>"
            if a != b { out.append("line \(i + 1)\n  - \(a)\n  + \(b)") }
        }
        return out.prefix(24).joined(separator: "\n")
    }
}
