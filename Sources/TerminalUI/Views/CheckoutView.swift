import Foundation

/// The held seats and the price, shaped after `POST /v1/performances/{id}/holds` (seats, amount,
/// expiresAt) and `POST /v1/orders/quote` (subtotal, discount, total, applied).
public struct CheckoutView: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var seat: String
        public var grade: String
        public var price: Int

        public init(seat: String, grade: String, price: Int) {
            self.seat = seat
            self.grade = grade
            self.price = price
        }
    }

    /// One entry of the quote's `applied`, with the coupon's name looked up from `/v1/me/coupons`.
    public struct AppliedCoupon: Sendable, Equatable {
        public var name: String
        /// The seat a per-ticket coupon went to; nil for a per-order coupon.
        public var seat: String?
        public var amount: Int

        public init(name: String, seat: String? = nil, amount: Int) {
            self.name = name
            self.seat = seat
            self.amount = amount
        }
    }

    public var title: String
    public var venueName: String
    public var startsAt: Date
    public var lines: [Line]
    public var holdExpiresAt: Date
    /// The performance's `holdSeconds`, the length of the countdown bar.
    public var holdSeconds: Int
    public var subtotal: Int
    public var applied: [AppliedCoupon]
    public var discount: Int
    public var total: Int
    public var now: Date

    public init(title: String, venueName: String, startsAt: Date, lines: [Line], holdExpiresAt: Date,
                holdSeconds: Int, subtotal: Int, applied: [AppliedCoupon] = [], discount: Int = 0, total: Int,
                now: Date) {
        self.title = title
        self.venueName = venueName
        self.startsAt = startsAt
        self.lines = lines
        self.holdExpiresAt = holdExpiresAt
        self.holdSeconds = holdSeconds
        self.subtotal = subtotal
        self.applied = applied
        self.discount = discount
        self.total = total
        self.now = now
    }

    public var secondsLeft: Int { max(0, TimeText.secondsUntil(holdExpiresAt, from: now)) }
    public var expired: Bool { secondsLeft == 0 }
}

/// Where a payment stands, after `GET /v1/orders/{id}` and the `order.updated` push.
public struct PaymentView: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// `pending_payment` or `payment_processing`: the gateway has not answered for good yet.
        case processing
        case paid
        /// `failed`, with the order's `failureCode`.
        case failed(code: String)
    }

    public var orderId: String
    public var title: String
    public var seats: [String]
    public var total: Int
    public var status: Status
    public var startedAt: Date
    /// When the hold (kept while the payment is processed) runs out, to say how long a retry may take.
    public var holdExpiresAt: Date?
    public var now: Date

    public init(orderId: String, title: String, seats: [String], total: Int, status: Status, startedAt: Date,
                holdExpiresAt: Date? = nil, now: Date) {
        self.orderId = orderId
        self.title = title
        self.seats = seats
        self.total = total
        self.status = status
        self.startedAt = startedAt
        self.holdExpiresAt = holdExpiresAt
        self.now = now
    }
}
