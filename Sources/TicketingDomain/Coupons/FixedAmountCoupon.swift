/// A fixed number of won off ("5,000원 할인").
public struct FixedAmountCoupon: CouponKind, Equatable {
    public static let name = "fixed"
    public let amount: Int

    public init(_ parameters: CouponKindParameters) throws(ValidationError) {
        var problems: [String] = []
        if let amount = parameters.amount {
            if amount <= 0 {
                problems.append("amount is \(amount.grouped) KRW; a fixed coupon must take off more than 0")
            } else if amount > CouponLimits.maxMoney {
                problems.append("amount is \(amount.grouped) KRW; the limit is \(CouponLimits.maxMoney.grouped)")
            }
        } else {
            problems.append("a fixed coupon needs amount (KRW off)")
        }
        if parameters.percent != nil {
            problems.append("percent is for percentage coupons; a fixed coupon takes amount")
        }
        if parameters.maxDiscount != nil {
            problems.append("maxDiscount is for percentage coupons; a fixed coupon never takes off more than its amount")
        }
        guard problems.isEmpty, let amount = parameters.amount else { throw ValidationError(problems) }
        self.amount = amount
    }

    public var parameters: CouponKindParameters { CouponKindParameters(amount: amount) }

    public func discount(on lines: [CouponLine]) -> Int {
        min(amount, lines.totalPrice)
    }
}
