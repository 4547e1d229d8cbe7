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
        var problems: [Problem] = []
        var kind: (any CouponKind)?
        do {
            kind = try kinds.make(self.kind, parameters)
        } catch {
            problems += error.details
        }
        problems += nameProblems() + targetProblems(grades: grades) + quantityProblems() + timeProblems(now: now)
        guard problems.isEmpty, let kind else { throw ValidationError(problems) }
        return kind
    }

    private func nameProblems() -> [Problem] {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [Problem(.couponNameEmpty)] }
        // Code points of the name as sent, as the wire contract's maxLength counts them.
        let length = name.unicodeScalars.count
        if length > CouponLimits.maxNameLength {
            return [Problem(.couponNameTooLong, ["length": "\(length)", "max": "\(CouponLimits.maxNameLength)"])]
        }
        return []
    }

    private func targetProblems(grades: Set<String>?) -> [Problem] {
        guard let grade else { return [] }
        if performanceId == nil { return [Problem(.couponGradeWithoutPerformance, ["grade": grade])] }
        if let grades, !grades.contains(grade) {
            let known = grades.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return [Problem(.couponGradeUnknown, ["grade": grade, "grades": known])]
        }
        return []
    }

    private func quantityProblems() -> [Problem] {
        var problems: [Problem] = []
        let range = CouponLimits.quantityRange
        if !range.contains(totalQuantity) {
            problems.append(Problem(.couponQuantityRange, ["value": totalQuantity.grouped, "min": "\(range.lowerBound)",
                                                           "max": range.upperBound.grouped]))
        }
        if let minSpend, !(0...CouponLimits.maxMoney).contains(minSpend) {
            problems.append(Problem(.couponMinSpendRange, ["amount": minSpend.grouped, "max": CouponLimits.maxMoney.grouped]))
        }
        return problems
    }

    private func timeProblems(now: Date) -> [Problem] {
        var problems: [Problem] = []
        if let expiresAt, expiresAt <= now {
            problems.append(Problem(.couponExpired))
        }
        if let claimOpensAt, let expiresAt, claimOpensAt >= expiresAt {
            problems.append(Problem(.couponClaimAfterExpiry))
        }
        return problems
    }
}
