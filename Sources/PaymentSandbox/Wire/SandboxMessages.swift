import Foundation

/// `POST /v1/sandbox/checkout`: what Toss' payment window would collect from the buyer.
struct CheckoutRequest: Decodable {
    struct Card: Decodable {
        var number: String
        var expiry: String
    }
    var clientKey: String
    var orderId: String
    var amount: Int
    var orderName: String?
    var card: Card
}

struct CheckoutResponse: Encodable {
    var paymentKey: String
    var orderId: String
    var amount: Int
}

/// `POST /v1/payments/confirm`, exactly Toss' body.
struct ConfirmRequest: Decodable {
    var paymentKey: String
    var orderId: String
    var amount: Int

    /// Identity of the request for idempotency: key order and whitespace in the JSON don't matter.
    var fingerprint: String { "\(paymentKey)\n\(orderId)\n\(amount)" }
}

/// `POST /v1/payments/{paymentKey}/cancel`, Toss' body: without `cancelAmount` the whole
/// balance is refunded, with it that part of it.
struct CancelRequest: Decodable {
    var cancelReason: String
    var cancelAmount: Int?

    func fingerprint(paymentKey: String) -> String {
        "\(paymentKey)\n\(cancelReason)\n\(cancelAmount.map(String.init) ?? "-")"
    }
}

/// One line of the sandbox's own ledger: a payment that moved money.
public struct SandboxCharge: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case charged
        case refunded
        /// Some of the charge went back (`PARTIAL_CANCELED`); `amount` is still the charge.
        case partiallyRefunded = "partially_refunded"
    }
    public var paymentKey: String
    public var orderId: String
    public var amount: Int
    public var status: Status

    public init(paymentKey: String, orderId: String, amount: Int, status: Status) {
        self.paymentKey = paymentKey
        self.orderId = orderId
        self.amount = amount
        self.status = status
    }
}

struct ChargesResponse: Encodable {
    var charges: [SandboxCharge]
}

/// `POST /v1/sandbox/faults`: every field optional; absent fields keep their current value.
struct FaultUpdate: Decodable {
    var failNextConfirms: Int?
    var downForSeconds: Double?
    var delayMilliseconds: Int?
}
