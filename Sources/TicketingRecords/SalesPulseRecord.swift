import Foundation

/// The durable half of a seller's live dashboard: tickets sold over time, payments, coupons.
public struct SalesPulseRecord: Sendable, Equatable {
    /// Each sale (positive ticket count) with when it was booked, oldest first.
    public var sales: [(at: Date, tickets: Int)]
    public var paymentsPaid: Int
    public var paymentsFailed: Int
    public var couponsClaimed: Int
    public var couponsLeft: Int

    public init(sales: [(at: Date, tickets: Int)], paymentsPaid: Int, paymentsFailed: Int, couponsClaimed: Int,
                couponsLeft: Int) {
        self.sales = sales
        self.paymentsPaid = paymentsPaid
        self.paymentsFailed = paymentsFailed
        self.couponsClaimed = couponsClaimed
        self.couponsLeft = couponsLeft
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.sales.map(\.at) == rhs.sales.map(\.at) && lhs.sales.map(\.tickets) == rhs.sales.map(\.tickets)
            && lhs.paymentsPaid == rhs.paymentsPaid && lhs.paymentsFailed == rhs.paymentsFailed
            && lhs.couponsClaimed == rhs.couponsClaimed && lhs.couponsLeft == rhs.couponsLeft
    }
}
