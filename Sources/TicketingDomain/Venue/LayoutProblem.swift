/// One broken layout rule together with what broke it, so a hall file parser can point at the
/// line that placed the seat instead of leaving a person to search the file for it.
public struct LayoutProblem: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case map
        case stage
        /// Index into `VenueLayout.seats`.
        case seat(Int)
    }

    public enum Rule: String, Sendable, CaseIterable {
        case mapSize
        case seatCount
        case stage
        case missingField
        case duplicateId
        case overlap
        case outsideMap
        case onStage

        /// Plural noun for the "…and N more" line when a rule is broken many times.
        public var plural: String {
            switch self {
            case .mapSize: "map size problems"
            case .seatCount: "seat count problems"
            case .stage: "stage problems"
            case .missingField: "seats with missing fields"
            case .duplicateId: "duplicate seat ids"
            case .overlap: "overlapping seats"
            case .outsideMap: "seats outside the map"
            case .onStage: "seats on the stage"
            }
        }
    }

    public var rule: Rule
    public var subject: Subject
    public var problem: Problem

    public init(_ rule: Rule, _ subject: Subject, _ problem: Problem) {
        self.rule = rule
        self.subject = subject
        self.problem = problem
    }

    public var message: String { problem.message }
}
