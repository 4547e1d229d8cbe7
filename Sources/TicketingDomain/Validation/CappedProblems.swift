/// Collects messages but keeps one broken rule from drowning the others: a 50,000-seat upload with
/// every seat off the map should say so in a dozen lines, not 50,000.
struct CappedProblems {
    static let shownPerKind = 10

    private(set) var messages: [String] = []
    private var shown: [String: Int] = [:]
    private var hidden: [String: Int] = [:]
    private var kindsInOrder: [String] = []

    /// `kind` names the problems in plural ("seats outside the map"); it only appears in the
    /// summary line when more than `shownPerKind` of that kind turn up.
    mutating func add(_ message: String, kind: String) {
        if shown[kind] == nil { kindsInOrder.append(kind) }
        let count = shown[kind, default: 0]
        if count < Self.shownPerKind {
            shown[kind] = count + 1
            messages.append(message)
        } else {
            hidden[kind, default: 0] += 1
        }
    }

    mutating func add(_ message: String) {
        messages.append(message)
    }

    var all: [String] {
        messages + kindsInOrder.compactMap { kind in
            hidden[kind].map { "…and \($0.grouped) more \(kind)" }
        }
    }
}
