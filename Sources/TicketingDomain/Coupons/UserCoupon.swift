import Foundation

public enum UserCouponStatus: String, Codable, Sendable, CaseIterable {
    /// Won in memory, not yet in the issuance log; may be lost if the server crashes now.
    case pending
    /// Written to the issuance log; survives any restart.
    case issued
    /// Applied to an order; returned to `issued` if the order is cancelled.
    case used
}

/// One buyer's copy of a coupon.
public struct UserCoupon: Sendable, Equatable {
    /// The `userCouponId` on the wire.
    public var id: String
    public var userId: String
    public var coupon: Coupon
    public var status: UserCouponStatus
    public var claimedAt: Date
    /// The order it is applied to while `used`.
    public var orderId: String?

    public init(id: String, userId: String, coupon: Coupon, status: UserCouponStatus, claimedAt: Date,
                orderId: String? = nil) {
        self.id = id
        self.userId = userId
        self.coupon = coupon
        self.status = status
        self.claimedAt = claimedAt
        self.orderId = orderId
    }
}
