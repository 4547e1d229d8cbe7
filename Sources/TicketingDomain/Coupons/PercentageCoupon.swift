/// A share of the price off, optionally capped ("10% 할인, 최대 20,000원").
public struct PercentageCoupon: CouponKind, Equatable {
    public static let name = "percentage"
    public static let percentRange = 1...100
    /// Basis points (1% = 100) so finer rates can come later without touching money rounding.
    public let basisPoints: Int
    public let maxDiscount: Int?

    public init(_ parameters: CouponKindParameters) throws(ValidationError) {
        var problems: [Problem] = []
        if let percent = parameters.percent {
            if !Self.percentRange.contains(percent) {
                problems.append(Problem(.couponPercentRange, ["percent": "\(percent)"]))
            }
        } else {
            problems.append(Problem(.couponPercentMissing))
        }
        if let cap = parameters.maxDiscount, !(0...CouponLimits.maxMoney).contains(cap) {
            problems.append(Problem(.couponMaxDiscountRange, ["amount": cap.grouped, "max": CouponLimits.maxMoney.grouped]))
        }
        if parameters.amount != nil {
            problems.append(Problem(.couponAmountOnPercentage))
        }
        guard problems.isEmpty, let percent = parameters.percent else { throw ValidationError(problems) }
        self.basisPoints = percent * 100
        self.maxDiscount = parameters.maxDiscount
    }

    public var parameters: CouponKindParameters {
        CouponKindParameters(percent: basisPoints / 100, maxDiscount: maxDiscount)
    }

    /// Rounds down to the won, as Korean receipts do (원 단위 절사). Split into quotient and
    /// remainder so `price × basisPoints` cannot overflow whatever the price.
    public func discount(on lines: [CouponLine]) -> Int {
        let base = lines.totalPrice
        let off = (base / 10_000) * basisPoints + (base % 10_000) * basisPoints / 10_000
        return maxDiscount.map { min(off, $0) } ?? off
    }
}
