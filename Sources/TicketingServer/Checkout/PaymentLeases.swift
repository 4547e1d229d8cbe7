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
}

/// One node: nothing to share.
struct LocalPaymentLeases: PaymentLeases {
    func acquire(orderId: String) async throws -> Bool { true }
    func release(orderId: String) async {}
}
