/// Rules broken by user input, each with a stable code and a message a person can act on.
/// It lists every broken rule at once so a seller fixes a file in one pass.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var details: [Problem]

    public init(_ details: [Problem]) { self.details = details }
    public init(_ problem: Problem) { self.details = [problem] }

    /// The problems in English, as the API's `problems` lists them.
    public var problems: [String] { details.map(\.message) }

    public var description: String { problems.joined(separator: "; ") }
}
