/// The coupon kinds the server accepts, by wire name.
public struct CouponKindRegistry: Sendable {
    private let kinds: [String: any CouponKind.Type]

    /// Every kind the product ships. A new kind is added here and nowhere else.
    public static let standard = CouponKindRegistry([FixedAmountCoupon.self, PercentageCoupon.self])

    public init(_ kinds: [any CouponKind.Type]) {
        var byName: [String: any CouponKind.Type] = [:]
        for kind in kinds {
            precondition(byName[kind.name] == nil, "two coupon kinds are named '\(kind.name)'")
            byName[kind.name] = kind
        }
        self.kinds = byName
    }

    public var names: [String] { kinds.keys.sorted() }

    /// Builds a kind from its wire name and parameters, validating both.
    public func make(_ name: String, _ parameters: CouponKindParameters) throws(ValidationError) -> any CouponKind {
        guard let kind = kinds[name] else {
            let known = names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw ValidationError(Problem(.couponKindUnknown, ["kind": name, "known": known]))
        }
        return try kind.init(parameters)
    }
}
