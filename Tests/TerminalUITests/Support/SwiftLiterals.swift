import Foundation

/// The string literals of a Swift source file, enough of a lexer for the catalog checks: comments
/// are skipped, `\(…)` interpolations become `{}` (literals nested in them are read too), and
/// `"a" + "b"` joins into one literal as the compiler would.
struct SwiftLiteral: Equatable {
    var text: String
    var line: Int
    /// The code before the opening quote on its line, and after the closing quote.
    var before: String
    var after: String
    var hasInterpolation: Bool

    /// True when it holds a word: two ASCII letters in a row outside the interpolations.
    var hasWord: Bool { text.firstMatch(of: /[A-Za-z]{2}/) != nil }
}

enum SwiftLiterals {
    static func read(_ source: String) -> [SwiftLiteral] {
        let chars = Array(source)
        var out: [SwiftLiteral] = []
        var i = 0
        var line = 1
        /// Where the last literal closed, to join `"a" + "b"`.
        var lastEnd = -1

        func lineText(around index: Int) -> (before: String, start: Int) {
            var start = index
            while start > 0, chars[start - 1] != "\n" { start -= 1 }
            return (String(chars[start..<index]), start)
        }

        func readLiteral(from open: Int) -> (text: String, end: Int, interpolated: Bool) {
            var text = ""
            var j = open + 1
            var interpolated = false
            while j < chars.count, chars[j] != "\"" {
                if chars[j] == "\\", j + 1 < chars.count {
                    if chars[j + 1] == "(" {
                        interpolated = true
                        text += "{}"
                        var depth = 1
                        let inside = j + 2
                        var k = j + 2
                        while k < chars.count, depth > 0 {
                            if chars[k] == "\"" {
                                let nested = readLiteral(from: k)
                                out.append(SwiftLiteral(text: nested.text, line: line, before: String(chars[inside..<k]),
                                                        after: "",
                                                        hasInterpolation: nested.interpolated))
                                k = nested.end + 1
                                continue
                            }
                            if chars[k] == "(" { depth += 1 }
                            if chars[k] == ")" { depth -= 1 }
                            k += 1
                        }
                        j = k
                        continue
                    }
                    text.append(chars[j + 1] == "n" ? "\n" : chars[j + 1])
                    j += 2
                    continue
                }
                text.append(chars[j])
                j += 1
            }
            return (text, j, interpolated)
        }

        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1; i += 1; continue }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == "/") {
                    if chars[i] == "\n" { line += 1 }
                    i += 1
                }
                i += 2
                continue
            }
            if c == "\"" {
                let (before, _) = lineText(around: i)
                let literal = readLiteral(from: i)
                var afterEnd = literal.end + 1
                while afterEnd < chars.count, chars[afterEnd] != "\n" { afterEnd += 1 }
                let after = String(chars[min(chars.count, literal.end + 1)..<afterEnd])
                let between = lastEnd >= 0 && lastEnd < i ? String(chars[(lastEnd + 1)..<i]) : "x"
                if between.trimmingCharacters(in: .whitespacesAndNewlines) == "+", var previous = out.popLast() {
                    previous.text += literal.text
                    previous.after = after
                    previous.hasInterpolation = previous.hasInterpolation || literal.interpolated
                    out.append(previous)
                } else {
                    out.append(SwiftLiteral(text: literal.text, line: line, before: before, after: after,
                                            hasInterpolation: literal.interpolated))
                }
                lastEnd = literal.end
                i = literal.end + 1
                continue
            }
            i += 1
        }
        return out
    }
}
