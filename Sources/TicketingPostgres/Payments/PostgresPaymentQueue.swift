import Foundation
import TicketingDomain

/// Orders whose payment a worker must drive (confirm, or reconcile an unknown outcome), shared by
/// the payment workers of every node the way the outbox relays share events: a claim is a lease
/// taken with `FOR UPDATE SKIP LOCKED`, so two workers never drive one order at once, and a dead
/// worker's orders return to the others when its lease runs out. The gateway call itself carries
/// the order's idempotency key, so even a worker that lost its lease mid-call cannot charge twice.
public struct PostgresPaymentQueue: Sendable {
    public struct Claim: Sendable, Equatable {
        public var orderId: String
        public var status: OrderStatus
        public var total: Int
    }

    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let workable = [OrderStatus.paymentProcessing, .paymentUnknown, .refundProcessing].map(\.rawValue)

    public func claim(worker: String, limit: Int, now: Date, lease: Duration) async throws -> [Claim] {
        let until = now.addingTimeInterval(Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18)
        let rows = try await pool.query("""
            WITH picked AS (
                SELECT id FROM ticket_order
                WHERE status = ANY(string_to_array($5, ','))
                  AND (lease_until IS NULL OR lease_until <= $2::timestamptz)
                ORDER BY updated_at, id
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            UPDATE ticket_order o SET lease_owner = $1, lease_until = $4::timestamptz
            FROM picked WHERE o.id = picked.id
            RETURNING o.id, o.status, o.total
            """, [worker, now, limit, until, Self.workable.joined(separator: ",")])
        return try rows.rows.map { row in
            guard let status = OrderStatus(rawValue: try row.decode("status")) else {
                throw PostgresError.decoding("unknown order status")
            }
            return Claim(orderId: try row.decode("id"), status: status, total: try row.decode("total"))
        }
    }

    /// Records the outcome and gives the lease back; false when `worker` no longer holds the lease.
    public func finish(orderId: String, worker: String, status: OrderStatus, now: Date) async throws -> Bool {
        let rows = try await pool.query("""
            UPDATE ticket_order
            SET status = $3, updated_at = $4::timestamptz, lease_owner = NULL, lease_until = NULL,
                paid_at = CASE WHEN $3 = 'paid' THEN $4::timestamptz ELSE paid_at END
            WHERE id = $1 AND lease_owner = $2
            """, [orderId, worker, status.rawValue, now])
        return rows.affected == 1
    }

    /// Takes the lease on one order (the one a buyer just submitted, or one a sweep found in
    /// flight); false when it is not workable or another worker's lease on it is still running.
    public func claim(orderId: String, worker: String, now: Date, lease: Duration) async throws -> Bool {
        let until = now.addingTimeInterval(Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18)
        let rows = try await pool.query("""
            UPDATE ticket_order SET lease_owner = $2, lease_until = $4::timestamptz
            WHERE id = $1 AND status = ANY(string_to_array($5, ','))
              AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until <= $3::timestamptz)
            """, [orderId, worker, now, until, Self.workable.joined(separator: ",")])
        return rows.affected == 1
    }

    /// Gives a lease back without touching the order (its status moved through the record ports).
    public func release(orderId: String, worker: String) async throws {
        try await pool.query("""
            UPDATE ticket_order SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2
            """, [orderId, worker])
    }
}
