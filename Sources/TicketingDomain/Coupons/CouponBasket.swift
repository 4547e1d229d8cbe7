/// One ticket of an order, as coupon rules see it.
public struct CouponLine: Sendable, Hashable {
    /// The seat id (unique within the basket), so per-ticket discounts can name their ticket.
    public var id: String
    public var performanceId: String
    public var sellerId: String
    public var grade: String
    /// Face value in KRW.
    public var price: Int

    public init(id: String, performanceId: String, sellerId: String, grade: String, price: Int) {
        self.id = id
        self.performanceId = performanceId
        self.sellerId = sellerId
        self.grade = grade
        self.price = price
    }
}

/// The tickets of one order before discounts.
public struct CouponBasket: Sendable, Hashable {
    public var lines: [CouponLine]

    public init(lines: [CouponLine]) {
        self.lines = lines
    }

    public var subtotal: Int { lines.totalPrice }
}

extension Sequence<CouponLine> {
    public var totalPrice: Int { reduce(0) { $0 + $1.price } }
}
