import Foundation

/// What a seller (or admin) asks for when creating a coupon, before it has an id and an owner.
public struct CouponSpec: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var parameters: CouponKindParameters
    public var minSpend: Int?
    /// nil = every performance of the creating seller (platform-wide for an admin).
    public var performanceId: String?
    /// Only with `performanceId`: grade names are per performance.
    public var grade: String?
    public var perTicket: Bool
    public var totalQuantity: Int
    public var claimOpensAt: Date?
    public var expiresAt: Date?

    public init(name: String, kind: String, parameters: CouponKindParameters = CouponKindParameters(),
                minSpend: Int? = nil, performanceId: String? = nil, grade: String? = nil, perTicket: Bool = false,
                totalQuantity: Int, claimOpensAt: Date? = nil, expiresAt: Date? = nil) {
        self.name = name
        self.kind = kind
        self.parameters = parameters
        self.minSpend = minSpend
        self.performanceId = performanceId
        self.grade = grade
        self.perTicket = perTicket
        self.totalQuantity = totalQuantity
        self.claimOpensAt = claimOpensAt
        self.expiresAt = expiresAt
    }

    /// Validates every rule at once and returns the kind it describes.
    /// `grades` are the targeted performance's grade names, when a performance is targeted.
    public func validate(kinds: CouponKindRegistry = .standard, grades: Set<String>? = nil,
                         now: Date) throws(ValidationError) -> any CouponKind {
        var problems: [String] = []
        var kind: (any CouponKind)?
        do {
            kind = try kinds.make(self.kind, parameters)
        } catch {
            problems += error.problems
        }
        problems += nameProblems() + targetProblems(grades: grades) + quantityProblems() + timeProblems(now: now)
        guard problems.isEmpty, let kind else { throw ValidationError(problems) }
        return kind
    }

    private func nameProblems() -> [String] {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return ["the name must not be empty"] }
        // Code points of the name as sent, as the wire contract's maxLength counts them.
        let length = name.unicodeScalars.count
        if length > CouponLimits.maxNameLength {
            return ["the name is \(length) characters long; the limit is \(CouponLimits.maxNameLength)"]
        }
        return []
    }

    private func targetProblems(grades: Set<String>?) -> [String] {
        guard let grade else { return [] }
        if performanceId == nil { return ["grade \"\(grade)\" needs performanceId: grade names belong to a performance"] }
        if let grades, !grades.contains(grade) {
            return ["the performance has no grade \"\(grade)\"; it has \(grades.sorted().map { "\"\($0)\"" }.joined(separator: ", "))"]
        }
        return []
    }

    private func quantityProblems() -> [String] {
        var problems: [String] = []
        let range = CouponLimits.quantityRange
        if !range.contains(totalQuantity) {
            problems.append("totalQuantity is \(totalQuantity.grouped); it must be between \(range.lowerBound) and \(range.upperBound.grouped)")
        }
        if let minSpend, !(0...CouponLimits.maxMoney).contains(minSpend) {
            problems.append("minSpend is \(minSpend.grouped) KRW; it must be between 0 and \(CouponLimits.maxMoney.grouped)")
        }
        return problems
    }

    private func timeProblems(now: Date) -> [String] {
        var problems: [String] = []
        if let expiresAt, expiresAt <= now {
            problems.append("expiresAt is in the past; a coupon must expire after it is created")
        }
        if let claimOpensAt, let expiresAt, claimOpensAt >= expiresAt {
            problems.append("claimOpensAt must be before expiresAt")
        }
        return problems
    }
}
