/// One broken rule of user input: a stable code, the values it names and where it was found, so
/// a client can word it in its own language (docs/API.md, `problemDetails`), with `message` the
/// English a person reads in logs and in the API's `problems`.
public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public var code: ProblemCode
    /// The values `{name}` in the code's sentence stands for, as text ("180,000", "VIP").
    public var params: [String: String]
    /// The line of the hall file the problem is on.
    public var line: Int?
    /// What the problem belongs to, said before everything else: a file name ("arena.hall"), or
    /// a demo catalog entry ("performance 'Winter Gala'").
    public var source: String?

    public init(_ code: ProblemCode, _ params: [String: String] = [:], line: Int? = nil, source: String? = nil) {
        self.code = code
        self.params = params
        self.line = line
        self.source = source
    }

    /// `template` with every `{name}` replaced by its parameter, in one pass (a value that
    /// itself holds braces, such as a mistyped hall line, is never read again); unknown names
    /// stay as written.
    public static func fill(_ template: String, _ params: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return out + rest[open...] }
            let name = String(rest[rest.index(after: open)..<close])
            out += params[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// "arena.hall: line 9: unknown grade 'Q' (declared: R, S, A)".
    public var message: String {
        var text = Self.fill(code.english, params)
        if let line { text = "line \(line): \(text)" }
        if let source { text = "\(source): \(text)" }
        return text
    }

    public var description: String { message }

    func at(line: Int?) -> Problem {
        var copy = self
        copy.line = line
        return copy
    }

    func from(_ source: String) -> Problem {
        var copy = self
        copy.source = source
        return copy
    }
}
