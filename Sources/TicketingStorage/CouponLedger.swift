import GRDB

/// Coupon effects of checkout inside checkout's transactions. A coupon is marked used when its
/// order is created, so one coupon can never discount two orders at once, and given back when
/// that order fails, expires unpaid or is refunded (only by that order: replays free nothing).
enum CouponLedger {
    static func reserve(_ db: Database, order: OrderRecord) throws {
        let ids = order.applied.map(\.userCouponId)
        guard !ids.isEmpty else { return }
        try Storage.markCouponsUsed(db, userCouponIds: ids, userId: order.userId, orderId: order.id, at: order.createdAt)
    }

    static func release(_ db: Database, order: OrderRecord) throws {
        try Storage.returnCoupons(db, userCouponIds: order.applied.map(\.userCouponId), orderId: order.id)
    }
}
