/// A rule broken by user input, with a message a person can act on.
/// `problems` lists every broken rule at once so a seller fixes a file in one pass.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String { problems.joined(separator: "; ") }
}
