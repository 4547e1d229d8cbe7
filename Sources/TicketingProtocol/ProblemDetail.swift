import TicketingDomain

/// One broken validation rule on the wire (`error.problemDetails[]`, docs/API.md): its stable
/// `code` (a `ProblemCode`), the values the sentence names, the hall-file line when there is
/// one, and the English `message`, the same text as the matching entry of `error.problems`.
public struct ProblemDetail: Codable, Sendable, Equatable {
    public var code: String
    public var params: [String: String]
    public var line: Int?
    public var message: String

    public init(code: String, params: [String: String] = [:], line: Int? = nil, message: String) {
        self.code = code
        self.params = params
        self.line = line
        self.message = message
    }

    public init(_ problem: Problem) {
        self.init(code: problem.code.rawValue, params: problem.params, line: problem.line, message: problem.message)
    }

    /// The domain problem, nil for a code this build does not know (a newer server's).
    public var problem: Problem? {
        ProblemCode(rawValue: code).map { Problem($0, params, line: line) }
    }
}
