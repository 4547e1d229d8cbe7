import TicketingDomain
import TicketingProtocol

/// Validation problems in the screens' language: the hall files the client reads itself and the
/// server's `problemDetails` (docs/API.md), worded from their codes by
/// `Strings/Catalog+KoreanProblems.swift`.
extension Language {
    /// The catalog's sentence for the problem's code with its parameters, after the hall-file line
    /// and the file name it came from.
    public func problem(_ problem: Problem) -> String {
        var params = problem.params
        var template = problem.code.english
        if self == .ko {
            template = Self.koreanProblems[problem.code] ?? template
            // The one parameter that is itself English text: the plural `moreProblems` counts.
            if let kind = params["kind"], let korean = Self.koreanProblemKinds[kind] { params["kind"] = korean }
        }
        var out = Problem.fill(template, params)
        if let line = problem.line { out = text("line {0}: {1}", "\(line)", out) }
        if let source = problem.source { out = "\(source): \(out)" }
        return out
    }

    /// A problem the server reported, or its English `message` when this client does not know
    /// the code (a newer server's).
    public func problem(_ detail: ProblemDetail) -> String {
        detail.problem.map { problem($0) } ?? detail.message
    }

    /// Every problem of a refused request in this language, from `problemDetails`, else the
    /// plain `problems` (a server that sends no codes); nil when the body lists none.
    public func problems(of body: ErrorBody?) -> [String]? {
        if let details = body?.problemDetails, !details.isEmpty { return details.map { problem($0) } }
        if let plain = body?.problems, !plain.isEmpty { return plain }
        return nil
    }
}
