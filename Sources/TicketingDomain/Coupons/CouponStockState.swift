import Foundation

/// What a first-come-first-served claim comes to.
public enum CouponClaimDecision: Sendable, Equatable {
    case won(userCouponId: String)
    /// One per buyer: the buyer's earlier claim stands, whatever its state.
    case alreadyClaimed(userCouponId: String)
    case soldOut
    case notOpenYet(opensAt: Date)
    case expired(at: Date)
}

/// One coupon's stock: who has claimed it and how many are left. Every decision is O(1) and
/// touches nothing but this value, so one actor owning it decides claims without locks or I/O.
public struct CouponStockState: Sendable {
    public let coupon: Coupon
    /// userId → userCouponId.
    public private(set) var claimants: [String: String]

    public init(coupon: Coupon, claimants: [String: String] = [:]) {
        self.coupon = coupon
        self.claimants = claimants
    }

    /// Never negative, even if a log were ever longer than the quantity.
    public var remaining: Int { max(0, coupon.totalQuantity - claimants.count) }

    /// `mintId` runs only for a winner, so losers cost no id.
    public mutating func claim(userId: String, now: Date, mintId: () -> String) -> CouponClaimDecision {
        if let earlier = claimants[userId] { return .alreadyClaimed(userCouponId: earlier) }
        if let shut = coupon.claimWindow(at: now).refusal { return shut }
        guard remaining > 0 else { return .soldOut }
        let id = mintId()
        claimants[userId] = id
        return .won(userCouponId: id)
    }
}
