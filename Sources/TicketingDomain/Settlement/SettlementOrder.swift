import Foundation

/// The money facts of one order that settlement needs, split by who funds each discount.
public struct SettlementOrder: Hashable, Sendable {
    public var orderId: String
    public var sellerId: String
    public var performanceId: String
    public var ticketCount: Int
    /// Face value of the order's seats.
    public var subtotal: Int
    /// Discounts the seller funds.
    public var sellerDiscount: Int
    /// Discounts the platform funds (paid to the seller on the buyer's behalf).
    public var platformDiscount: Int

    public init(orderId: String, sellerId: String, performanceId: String, ticketCount: Int, subtotal: Int,
                sellerDiscount: Int, platformDiscount: Int) {
        self.orderId = orderId
        self.sellerId = sellerId
        self.performanceId = performanceId
        self.ticketCount = ticketCount
        self.subtotal = subtotal
        self.sellerDiscount = sellerDiscount
        self.platformDiscount = platformDiscount
    }

    /// What the buyer paid through the gateway.
    public var total: Int { subtotal - sellerDiscount - platformDiscount }

    /// The part the seller keeps before fees, and what a refund takes back from the seller:
    /// the seller never had its own discount, and the platform's discount came from the platform.
    public var feeBase: Int { subtotal - sellerDiscount }
}
