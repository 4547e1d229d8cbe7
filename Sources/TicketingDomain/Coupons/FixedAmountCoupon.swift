/// A fixed number of won off ("5,000원 할인").
public struct FixedAmountCoupon: CouponKind, Equatable {
    public static let name = "fixed"
    public let amount: Int

    public init(_ parameters: CouponKindParameters) throws(ValidationError) {
        var problems: [Problem] = []
        if let amount = parameters.amount {
            if amount <= 0 {
                problems.append(Problem(.couponAmountNotPositive, ["amount": amount.grouped]))
            } else if amount > CouponLimits.maxMoney {
                problems.append(Problem(.couponAmountTooHigh, ["amount": amount.grouped, "max": CouponLimits.maxMoney.grouped]))
            }
        } else {
            problems.append(Problem(.couponAmountMissing))
        }
        if parameters.percent != nil {
            problems.append(Problem(.couponPercentOnFixed))
        }
        if parameters.maxDiscount != nil {
            problems.append(Problem(.couponMaxDiscountOnFixed))
        }
        guard problems.isEmpty, let amount = parameters.amount else { throw ValidationError(problems) }
        self.amount = amount
    }

    public var parameters: CouponKindParameters { CouponKindParameters(amount: amount) }

    public func discount(on lines: [CouponLine]) -> Int {
        min(amount, lines.totalPrice)
    }
}
