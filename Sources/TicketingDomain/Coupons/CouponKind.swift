/// The kind-specific numbers of a coupon as they cross the wire and sit in the database. Each kind
/// reads the fields it needs and rejects the others, so a seller who sends `percent` to a fixed
/// coupon is told instead of silently getting something else.
public struct CouponKindParameters: Codable, Sendable, Equatable {
    /// KRW off (fixed coupons).
    public var amount: Int?
    /// 1–100 (percentage coupons); kinds keep basis points internally.
    public var percent: Int?
    /// KRW cap on a percentage discount.
    public var maxDiscount: Int?

    public init(amount: Int? = nil, percent: Int? = nil, maxDiscount: Int? = nil) {
        self.amount = amount
        self.percent = percent
        self.maxDiscount = maxDiscount
    }
}

/// One way of turning eligible tickets into a discount.
///
/// Adding a kind is one conforming type plus one entry in `CouponKindRegistry.standard`. The rules
/// every kind shares (target, minimum spend, validity, per order or per ticket, "never more than
/// the price") live in `Coupon+Discount.swift`, so a new kind cannot forget them and checkout,
/// which only calls `Coupon`, does not change.
public protocol CouponKind: Sendable {
    /// The wire name (`"kind": "fixed"`); unique within a registry.
    static var name: String { get }

    /// Validates the parameters; every broken rule is reported at once.
    init(_ parameters: CouponKindParameters) throws(ValidationError)

    /// The parameters this kind was made from, for the wire and for storage.
    var parameters: CouponKindParameters { get }

    /// The discount on `lines`, which are all covered by the coupon: every covered ticket of the
    /// order for a per-order coupon, exactly one ticket for a per-ticket coupon. The caller clamps
    /// the result to 0…(sum of their prices), so a kind only states its own rule.
    func discount(on lines: [CouponLine]) -> Int
}

extension CouponKind {
    public var name: String { Self.name }
}

/// Money limits shared by the kinds and the coupon terms.
public enum CouponLimits {
    /// One billion won: far above any real coupon, and low enough that sums of a basket's prices
    /// and coupon figures never approach `Int` overflow.
    public static let maxMoney = 1_000_000_000
    public static let quantityRange = 1...10_000_000
    public static let maxNameLength = 100
}
