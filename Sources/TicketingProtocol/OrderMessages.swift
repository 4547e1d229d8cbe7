import Foundation

/// `POST /v1/orders/quote` and `POST /v1/orders`: without `userCouponIds` the best combination
/// of the buyer's issued coupons is applied.
public struct QuoteRequest: Codable, Sendable {
    public var holdId: String
    public var userCouponIds: [String]?

    public init(holdId: String, userCouponIds: [String]? = nil) {
        self.holdId = holdId
        self.userCouponIds = userCouponIds
    }
}

public struct AppliedCouponDTO: Codable, Sendable, Equatable {
    public var userCouponId: String
    public var seatId: String?
    public var amount: Int

    public init(userCouponId: String, seatId: String?, amount: Int) {
        self.userCouponId = userCouponId
        self.seatId = seatId
        self.amount = amount
    }
}

public struct QuoteDTO: Codable, Sendable, Equatable {
    public var subtotal: Int
    public var discount: Int
    public var total: Int
    public var applied: [AppliedCouponDTO]

    public init(subtotal: Int, discount: Int, total: Int, applied: [AppliedCouponDTO]) {
        self.subtotal = subtotal
        self.discount = discount
        self.total = total
        self.applied = applied
    }
}

/// What the buyer's client needs to open the gateway's checkout (Toss' payment window).
public struct PaymentInfoDTO: Codable, Sendable, Equatable {
    public var gatewayUrl: String
    public var clientKey: String
    public var orderId: String
    public var amount: Int

    public init(gatewayUrl: String, clientKey: String, orderId: String, amount: Int) {
        self.gatewayUrl = gatewayUrl
        self.clientKey = clientKey
        self.orderId = orderId
        self.amount = amount
    }
}

public struct OrderDTO: Codable, Sendable, Equatable {
    public var orderId: String
    public var status: String
    public var performanceId: String
    public var holdId: String
    public var seatIds: [String]
    public var subtotal: Int
    public var discount: Int
    public var total: Int
    public var applied: [AppliedCouponDTO]
    public var failureCode: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var paidAt: Date?
    public var payment: PaymentInfoDTO?

    public init(orderId: String, status: String, performanceId: String, holdId: String, seatIds: [String],
                subtotal: Int, discount: Int, total: Int, applied: [AppliedCouponDTO], failureCode: String?,
                createdAt: Date, expiresAt: Date, paidAt: Date?, payment: PaymentInfoDTO?) {
        self.orderId = orderId
        self.status = status
        self.performanceId = performanceId
        self.holdId = holdId
        self.seatIds = seatIds
        self.subtotal = subtotal
        self.discount = discount
        self.total = total
        self.applied = applied
        self.failureCode = failureCode
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.paidAt = paidAt
        self.payment = payment
    }
}

public struct OrderList: Codable, Sendable {
    public var orders: [OrderDTO]
    public init(orders: [OrderDTO]) { self.orders = orders }
}

public struct PayRequest: Codable, Sendable {
    public var paymentKey: String
    public init(paymentKey: String) { self.paymentKey = paymentKey }
}

public struct OrderStatusDTO: Codable, Sendable, Equatable {
    public var orderId: String
    public var status: String
    public init(orderId: String, status: String) {
        self.orderId = orderId
        self.status = status
    }
}

public struct OrderUpdatedPush: Codable, Sendable, Equatable {
    public var type = "order.updated"
    public var orderId: String
    public var status: String
    public var failureCode: String?

    public init(orderId: String, status: String, failureCode: String?) {
        self.orderId = orderId
        self.status = status
        self.failureCode = failureCode
    }
}

/// The sandbox gateway's checkout (stands in for Toss' payment window).
public struct SandboxCheckoutRequest: Codable, Sendable {
    public struct Card: Codable, Sendable {
        public var number: String
        public var expiry: String
        public init(number: String, expiry: String) {
            self.number = number
            self.expiry = expiry
        }
    }

    public var clientKey: String
    public var orderId: String
    public var amount: Int
    public var card: Card

    public init(clientKey: String, orderId: String, amount: Int, card: Card) {
        self.clientKey = clientKey
        self.orderId = orderId
        self.amount = amount
        self.card = card
    }
}

public struct SandboxCheckoutResponse: Codable, Sendable {
    public var paymentKey: String
    public init(paymentKey: String) { self.paymentKey = paymentKey }
}
