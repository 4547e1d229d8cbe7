/// Collects problems but keeps one broken rule from drowning the others: a 50,000-seat upload with
/// every seat off the map should say so in a dozen lines, not 50,000.
struct CappedProblems {
    static let shownPerKind = 10

    private(set) var problems: [Problem] = []
    private var shown: [String: Int] = [:]
    private var hidden: [String: Int] = [:]
    private var kindsInOrder: [String] = []

    /// `kind` names the problems in plural ("seats outside the map", one of
    /// `ProblemCode.summaryKinds`); it only appears in the summary when more than
    /// `shownPerKind` of that kind turn up.
    mutating func add(_ problem: Problem, kind: String) {
        if shown[kind] == nil { kindsInOrder.append(kind) }
        let count = shown[kind, default: 0]
        if count < Self.shownPerKind {
            shown[kind] = count + 1
            problems.append(problem)
        } else {
            hidden[kind, default: 0] += 1
        }
    }

    mutating func add(_ problem: Problem) {
        problems.append(problem)
    }

    mutating func add(_ code: ProblemCode, _ params: [String: String] = [:]) {
        problems.append(Problem(code, params))
    }

    var all: [Problem] {
        problems + kindsInOrder.compactMap { kind in
            hidden[kind].map { Problem(.moreProblems, ["count": $0.grouped, "kind": kind]) }
        }
    }
}
