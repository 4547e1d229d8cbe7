/// The chart of accounts. The ledger is the platform's books: money collected through the
/// gateway on one side, what the platform owes each seller and what it earns or spends on the
/// other. A seller's statement is the balances of that seller's four accounts, so every
/// figure a seller reads can be traced to ledger lines.
public enum LedgerAccount: Hashable, Sendable {
    /// Cash the gateway collected from buyers (debit on payment, credit on refund).
    case buyerPayments
    /// Platform-funded discounts: the platform pays them to the seller on the buyer's behalf.
    case platformCouponCost
    /// Platform-funded discounts that came back because the order was refunded. Kept apart from
    /// `platformCouponCost` because a seller's `platformCouponCost` counts every order ever paid.
    case platformCouponRecovered
    /// The platform's fee, net of fees reversed by refunds.
    case platformFeeIncome
    /// Face value of the seller's paid orders (`gross`).
    case sellerRevenue(sellerId: String)
    /// Discounts the seller funds, a reduction of what the seller is owed (`sellerCouponCost`).
    case sellerCouponCost(sellerId: String)
    /// The platform's fee charged to the seller (`platformFee`).
    case sellerPlatformFee(sellerId: String)
    /// What refunded orders take back from the seller (`refunds`).
    case sellerRefunds(sellerId: String)

    /// The stable name stored in the database and shown in statements and CSV exports.
    public var code: String {
        switch self {
        case .buyerPayments: "buyer_payments"
        case .platformCouponCost: "platform_coupon_cost"
        case .platformCouponRecovered: "platform_coupon_recovered"
        case .platformFeeIncome: "platform_fee_income"
        case .sellerRevenue(let id): "seller_revenue:\(id)"
        case .sellerCouponCost(let id): "seller_coupon_cost:\(id)"
        case .sellerPlatformFee(let id): "seller_platform_fee:\(id)"
        case .sellerRefunds(let id): "seller_refunds:\(id)"
        }
    }

    /// The inverse of `code`; nil for a name no current account uses.
    public init?(code: String) {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("buyer_payments", 1): self = .buyerPayments
        case ("platform_coupon_cost", 1): self = .platformCouponCost
        case ("platform_coupon_recovered", 1): self = .platformCouponRecovered
        case ("platform_fee_income", 1): self = .platformFeeIncome
        case ("seller_revenue", 2): self = .sellerRevenue(sellerId: parts[1])
        case ("seller_coupon_cost", 2): self = .sellerCouponCost(sellerId: parts[1])
        case ("seller_platform_fee", 2): self = .sellerPlatformFee(sellerId: parts[1])
        case ("seller_refunds", 2): self = .sellerRefunds(sellerId: parts[1])
        default: return nil
        }
    }
}
