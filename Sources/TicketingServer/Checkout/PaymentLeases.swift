import Foundation

/// Who may drive an order's payment right now. Embedded, one payment worker sees every order and
/// its in-flight set already keeps it to one task per order; distributed, every node runs a
/// worker, and an order is driven only under its lease in PostgreSQL (`PostgresPaymentLeases`),
/// so two nodes never confirm or refund one order at once. The gateway's idempotency key stays
/// the last line: a worker whose lease ran out mid-call still cannot charge twice.
protocol PaymentLeases: Sendable {
    /// Takes the order for this node; false when another node is driving it.
    func acquire(orderId: String) async throws -> Bool
    /// Gives the order back once this node is done with it (for now).
    func release(orderId: String) async
    /// How often a node driving an order extends its lease, so the lease can be short: a live
    /// node keeps the order through a long confirm, a dead one's returns to the others within one
    /// lease. Nil when leases never run out.
    var renewEvery: Duration? { get }
    /// Extends this node's lease on the order; false when another node has taken it.
    func renew(orderId: String) async throws -> Bool
}

extension PaymentLeases {
    /// The holder taking its own order again extends its lease (`acquire` lets the owner in).
    func renew(orderId: String) async throws -> Bool {
        try await acquire(orderId: orderId)
    }
}

/// One node: nothing to share.
struct LocalPaymentLeases: PaymentLeases {
    func acquire(orderId: String) async throws -> Bool { true }
    func release(orderId: String) async {}
    var renewEvery: Duration? { nil }
}
