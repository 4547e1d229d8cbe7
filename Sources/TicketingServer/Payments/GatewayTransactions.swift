import Foundation

/// The gateway's own record of money movements (Toss' `GET /v1/transactions`), which the
/// charge sweep compares with the orders we hold as paid.
public protocol GatewayTransactionLookup: Sendable {
    /// Approvals and cancels with `from ≤ transactionAt ≤ through`, oldest first; a page of at
    /// most `limit`, continuing after the transaction key `startingAfter`.
    func transactions(from: Date, through: Date, startingAfter: String?, limit: Int) async throws -> [GatewayTransaction]

    /// Refunds `amount` of a payment (its whole balance when nil).
    func cancel(paymentKey: String, amount: Int?, reason: String, idempotencyKey: String) async throws -> GatewayPayment

    /// The payment with this key, or nil when the gateway has none.
    func payment(paymentKey: String) async throws -> GatewayPayment?
}

/// One approval or cancel as the gateway lists it (Toss' Transaction object).
public struct GatewayTransaction: Sendable, Equatable {
    public var transactionKey: String
    public var paymentKey: String
    public var orderId: String
    /// `DONE` for an approval, `CANCELED` / `PARTIAL_CANCELED` for a cancel.
    public var status: GatewayPayment.Status
    public var amount: Int
    public var transactionAt: Date

    public var isApproval: Bool { status == .done }
}
