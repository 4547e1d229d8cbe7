import GRDB

/// Coupon effects of checkout inside checkout's transactions. Reserved at order creation so one
/// coupon can't discount two orders at once; consumed when paid; released on failure or refund.
enum CouponLedger {
    static func reserve(_ db: Database, order: OrderRecord) throws {}
    static func consume(_ db: Database, order: OrderRecord) throws {}
    static func release(_ db: Database, order: OrderRecord) throws {}
}
