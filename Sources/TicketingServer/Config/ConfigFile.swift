import Foundation

/// The flat subset of TOML a daemon config needs: `key = value` pairs, `[section]` headers
/// (flattened to `section.key`), strings, integers, floats, booleans and `#` comments.
/// Hand-written because TOMLKit's C++ dependency is not available here; anything outside
/// the subset is rejected with its line number rather than silently misread.
public struct ConfigFile: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]

    public init(values: [String: String] = [:]) {
        self.values = values
    }

    public static func load(path: String) throws -> ConfigFile {
        try parse(try String(contentsOfFile: path, encoding: .utf8))
    }

    public static func parse(_ text: String) throws -> ConfigFile {
        var file = ConfigFile()
        var section = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw ConfigError(line: index + 1, "bad section header") }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) + "."
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigError(line: index + 1, "expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let raw = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw ConfigError(line: index + 1, "bad key '\(key)'")
            }
            file.values[section + key] = try value(raw, line: index + 1)
        }
        return file
    }

    public subscript(key: String) -> String? { values[key] }

    private static func value(_ raw: String, line: Int) throws -> String {
        if raw.hasPrefix("\"") {
            guard raw.count >= 2, raw.hasSuffix("\"") else { throw ConfigError(line: line, "unterminated string") }
            return String(raw.dropFirst().dropLast())
                .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        if raw == "true" || raw == "false" || Double(raw.replacingOccurrences(of: "_", with: "")) != nil {
            return raw.replacingOccurrences(of: "_", with: "")
        }
        throw ConfigError(line: line, "unsupported value '\(raw)' (use a quoted string, number or boolean)")
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        var previous: Character = " "
        for (offset, char) in line.enumerated() {
            if char == "\"" && previous != "\\" { inString.toggle() }
            if char == "#" && !inString { return String(line.prefix(offset)) }
            previous = char
        }
        return line
    }
}

public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var message: String

    init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "config line \(line): \(message)" }
}
