import Foundation

/// A card payment gateway as the order flow needs it (Toss Payments' confirm / query / cancel).
///
/// Every call that moves money carries an idempotency key: reuse the key when retrying the same
/// operation, so a retry can never charge or refund twice.
public protocol PaymentGateway: Sendable {
    /// Charges the payment the buyer authenticated at checkout.
    /// Throws `PaymentGatewayError`; `.unknown` means "query, don't guess".
    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws -> GatewayPayment

    /// The gateway's payment for an order, or nil when it has none.
    func payment(orderId: String) async throws -> GatewayPayment?

    /// Refunds the payment in full. Cancelling an already cancelled payment returns it.
    func cancel(paymentKey: String, reason: String, idempotencyKey: String) async throws -> GatewayPayment
}

/// How a gateway call failed, reduced to what the caller must do next.
public enum PaymentGatewayError: Error, Sendable {
    /// The gateway refused for good (card declined, amount mismatch, bad key…); nothing was
    /// charged. Retrying the same request gives the same answer.
    case declined(code: String, message: String)
    /// Nothing happened (5xx, rate limit, connection refused before the request was sent);
    /// retry later with backoff and the same idempotency key.
    case retryable(code: String, message: String)
    /// The request may or may not have taken effect (timeout, connection lost after sending,
    /// unreadable answer, "already processed"). Resolve by querying the payment — never by
    /// confirming again under a new idempotency key.
    case unknown(any Error)

    /// The gateway's error code, when it gave one.
    public var code: String? {
        switch self {
        case .declined(let code, _), .retryable(let code, _): code
        case .unknown(let underlying): (underlying as? TossAPIError)?.code
        }
    }
}

/// An error answer from the gateway: HTTP status plus Toss' `{code, message}`.
public struct TossAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String

    public var description: String { "\(status) \(code): \(message)" }
}

/// A payment as the gateway reports it (the fields of Toss' Payment object we act on).
public struct GatewayPayment: Sendable, Equatable {
    /// Toss' payment statuses.
    public enum Status: String, Sendable, CaseIterable {
        case ready = "READY"
        case inProgress = "IN_PROGRESS"
        case waitingForDeposit = "WAITING_FOR_DEPOSIT"
        case done = "DONE"
        case canceled = "CANCELED"
        case partialCanceled = "PARTIAL_CANCELED"
        case aborted = "ABORTED"
        case expired = "EXPIRED"
    }

    public struct Cancel: Sendable, Equatable {
        public var amount: Int
        public var reason: String
        public var canceledAt: Date?
        public var transactionKey: String?
    }

    public var paymentKey: String
    public var orderId: String
    public var status: Status
    public var totalAmount: Int
    public var balanceAmount: Int
    public var method: String?
    public var approvedAt: Date?
    public var cancels: [Cancel]
    /// Why a payment ended `ABORTED`, when the gateway says.
    public var failureCode: String?
    public var failureMessage: String?

    /// The buyer's money was taken (and not all of it given back).
    public var isCharged: Bool { status == .done || status == .partialCanceled }

    /// No confirm can change this payment any more.
    public var isFinal: Bool { [.done, .canceled, .partialCanceled, .aborted, .expired].contains(status) }
}
