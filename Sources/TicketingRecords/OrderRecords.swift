import Foundation
import TicketingDomain

public struct AppliedCoupon: Codable, Sendable, Equatable {
    public var userCouponId: String
    public var seatId: String?
    public var amount: Int
    public var fundedBy: String

    public init(userCouponId: String, seatId: String?, amount: Int, fundedBy: String) {
        self.userCouponId = userCouponId
        self.seatId = seatId
        self.amount = amount
        self.fundedBy = fundedBy
    }
}

public struct OrderRecord: Sendable, Equatable {
    public var id: String
    public var userId: String
    public var performanceId: String
    public var sellerId: String
    public var holdId: String
    public var seatIds: [String]
    public var subtotal: Int
    public var discount: Int
    public var total: Int
    public var applied: [AppliedCoupon]
    public var status: OrderStatus
    public var paymentKey: String?
    public var failureCode: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var expiresAt: Date
    public var paidAt: Date?

    public init(id: String, userId: String, performanceId: String, sellerId: String, holdId: String,
                seatIds: [String], subtotal: Int, discount: Int, total: Int, applied: [AppliedCoupon],
                status: OrderStatus, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.userId = userId
        self.performanceId = performanceId
        self.sellerId = sellerId
        self.holdId = holdId
        self.seatIds = seatIds
        self.subtotal = subtotal
        self.discount = discount
        self.total = total
        self.applied = applied
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A business event carried by the outbox.
public struct OrderEventPayload: Codable, Sendable, Equatable {
    public var orderId: String
    public var userId: String
    public var sellerId: String
    public var performanceId: String
    public var seatIds: [String]
    public var subtotal: Int
    public var discount: Int
    public var total: Int
    public var applied: [AppliedCoupon]
    public var occurredAt: Date

    public init(orderId: String, userId: String, sellerId: String, performanceId: String, seatIds: [String],
                subtotal: Int, discount: Int, total: Int, applied: [AppliedCoupon], occurredAt: Date) {
        self.orderId = orderId
        self.userId = userId
        self.sellerId = sellerId
        self.performanceId = performanceId
        self.seatIds = seatIds
        self.subtotal = subtotal
        self.discount = discount
        self.total = total
        self.applied = applied
        self.occurredAt = occurredAt
    }
}
