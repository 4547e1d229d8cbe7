/// A seller's figures over some set of ledger entries (one statement, one performance, all
/// time). Each figure is one of the seller's accounts, so a figure is never computed twice in
/// two ways that could drift apart; `payout` is the formula of docs/SETTLEMENT.md over them.
public struct SettlementFigures: Hashable, Sendable {
    public var gross = 0
    public var sellerCouponCost = 0
    public var platformCouponCost = 0
    public var refunds = 0
    public var platformFee = 0

    public init(gross: Int = 0, sellerCouponCost: Int = 0, platformCouponCost: Int = 0, refunds: Int = 0,
                platformFee: Int = 0) {
        self.gross = gross
        self.sellerCouponCost = sellerCouponCost
        self.platformCouponCost = platformCouponCost
        self.refunds = refunds
        self.platformFee = platformFee
    }

    /// The figures of `sellerId` in `entries`. The platform's coupon account is shared by every
    /// seller, so callers pass only entries of this seller's transactions.
    public init(sellerId: String, entries: [LedgerEntry]) {
        for entry in entries {
            let amount = entry.signedAmount
            switch entry.account {
            case .sellerRevenue(sellerId): gross -= amount
            case .sellerCouponCost(sellerId): sellerCouponCost += amount
            case .platformCouponCost: platformCouponCost += amount
            case .sellerRefunds(sellerId): refunds += amount
            case .sellerPlatformFee(sellerId): platformFee += amount
            default: break
            }
        }
    }

    /// `gross - sellerCouponCost - platformFee - refunds`: what the platform owes the seller.
    /// Negative for a period holding only refunds of orders paid in closed periods.
    public var payout: Int { gross - sellerCouponCost - platformFee - refunds }

    public static func + (lhs: SettlementFigures, rhs: SettlementFigures) -> SettlementFigures {
        SettlementFigures(gross: lhs.gross + rhs.gross, sellerCouponCost: lhs.sellerCouponCost + rhs.sellerCouponCost,
                          platformCouponCost: lhs.platformCouponCost + rhs.platformCouponCost,
                          refunds: lhs.refunds + rhs.refunds, platformFee: lhs.platformFee + rhs.platformFee)
    }

    public static func += (lhs: inout SettlementFigures, rhs: SettlementFigures) { lhs = lhs + rhs }
}

/// A statement's life: `open` while entries may land in it, `closed` once its period has been
/// closed (its figures never change again), `paid` once the payout has been sent.
public enum StatementStatus: String, Codable, Sendable, CaseIterable {
    case open
    case closed
    case paid
}
