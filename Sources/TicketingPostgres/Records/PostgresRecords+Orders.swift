import Foundation
import TicketingDomain
import TicketingRecords

extension PostgresRecords: OrderRecordStore {
    /// The order and its coupons' use commit together (one coupon can never discount two orders).
    /// Nodes creating an order for one hold at once (a retry that reached another node while the
    /// first request still ran) queue on a lock taken on the hold's id for the transaction: the
    /// second then finds the first's order, committed, and answers it (`OrderRecordStore`).
    @discardableResult
    public func createOrder(_ order: OrderRecord) async throws -> OrderRecord {
        try await write { c in
            try c.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", ["order-hold:" + order.holdId])
            if let standing = try c.query(Self.standingOrderOfHold,
                                          [order.userId, order.holdId, order.createdAt]).first {
                return try Self.order(from: standing)
            }
            try Self.insertOrder(c, order)
            let couponIds = order.applied.map(\.userCouponId)
            if !couponIds.isEmpty {
                try Self.markCouponsUsed(c, userCouponIds: couponIds, userId: order.userId, orderId: order.id,
                                         at: order.createdAt)
            }
            return order
        }
    }

    public func order(id: String) async throws -> OrderRecord? {
        try await pool.query("SELECT * FROM ticket_order WHERE id = $1", [id]).first.map(Self.order(from:))
    }

    public func orders(userId: String) async throws -> [OrderRecord] {
        try await pool.query("SELECT * FROM ticket_order WHERE user_id = $1 ORDER BY created_at DESC, id COLLATE \"C\"",
                             [userId]).rows.map(Self.order(from:))
    }

    public func standingOrder(userId: String, holdId: String, now: Date) async throws -> OrderRecord? {
        try await pool.query(Self.standingOrderOfHold, [userId, holdId, now]).first.map(Self.order(from:))
    }

    /// The order that stands on a hold (`createOrder`, `standingOrder`): any not cancelled, one
    /// awaiting payment only until it expires.
    static let standingOrderOfHold = """
        SELECT * FROM ticket_order
        WHERE user_id = $1 AND hold_id = $2 AND status <> 'cancelled'
            AND (status <> 'pending_payment' OR expires_at > $3::timestamptz)
        ORDER BY created_at, id COLLATE "C" LIMIT 1
        """

    public func orders(status: [OrderStatus]) async throws -> [OrderRecord] {
        try await pool.query("SELECT * FROM ticket_order WHERE status = ANY($1::text[]) ORDER BY created_at, id COLLATE \"C\"",
                             [PostgresTextArray(status.map(\.rawValue))]).rows.map(Self.order(from:))
    }

    public func expiredPendingOrders(now: Date) async throws -> [OrderRecord] {
        try await pool.query("""
            SELECT * FROM ticket_order WHERE status = 'pending_payment' AND expires_at <= $1::timestamptz
            ORDER BY created_at, id COLLATE "C"
            """, [now]).rows.map(Self.order(from:))
    }

    static func insertOrder(_ c: isolated PostgresConnection, _ order: OrderRecord) throws {
        try c.query("""
            INSERT INTO ticket_order (id, user_id, performance_id, seller_id, hold_id, seat_ids, subtotal, discount, total,
                applied, status, created_at, updated_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb, $11, $12::timestamptz, $13::timestamptz,
                    $14::timestamptz)
            """, [order.id, order.userId, order.performanceId, order.sellerId, order.holdId, try PostgresJSON(order.seatIds),
                  order.subtotal, order.discount, order.total, try PostgresJSON(order.applied), order.status.rawValue,
                  order.createdAt, order.updatedAt, order.expiresAt])
    }

    /// An unknown status reads as `failed`, as it does from SQLite.
    static func order(from row: PostgresRow) throws -> OrderRecord {
        var order = OrderRecord(
            id: try row.decode("id"), userId: try row.decode("user_id"), performanceId: try row.decode("performance_id"),
            sellerId: try row.decode("seller_id"), holdId: try row.decode("hold_id"),
            seatIds: try PostgresJSON.decode([String].self, row, "seat_ids"), subtotal: try row.decode("subtotal"),
            discount: try row.decode("discount"), total: try row.decode("total"),
            applied: try PostgresJSON.decode([AppliedCoupon].self, row, "applied"),
            status: OrderStatus(rawValue: try row.decode("status")) ?? .failed, createdAt: try row.decode("created_at"),
            expiresAt: try row.decode("expires_at"))
        order.paymentKey = try row.optional("payment_key")
        order.failureCode = try row.optional("failure_code")
        order.updatedAt = try row.decode("updated_at")
        order.paidAt = try row.optional("paid_at")
        return order
    }

    /// Compare-and-set on the status, returning the moved order (nil when it was not in a state
    /// `event` leaves from). Both ends come from `OrderMachine`, never from a list here. Two
    /// nodes moving one order at once: the second waits on the row lock, re-checks the status
    /// against the first's commit and moves nothing. A move also ends any payment worker's lease
    /// (`PostgresPaymentQueue`): the order is new work in its new status, claimable at once.
    static func moveOrder(_ c: isolated PostgresConnection, id: String, on event: OrderEvent, at: Date,
                          paymentKey: String? = nil, failureCode: String? = nil) throws -> OrderRecord? {
        let to = OrderMachine.target(of: event)
        let rows = try c.query("""
            UPDATE ticket_order
            SET status = $1, updated_at = $2::timestamptz,
                payment_key = coalesce($3, payment_key),
                failure_code = coalesce($4, failure_code),
                paid_at = CASE WHEN $1 = 'paid' THEN $2::timestamptz ELSE paid_at END,
                lease_owner = NULL, lease_until = NULL
            WHERE id = $5 AND status = ANY($6::text[])
            RETURNING *
            """, [to.rawValue, at, paymentKey, failureCode, id,
                  PostgresTextArray(OrderMachine.sources(of: event).map(\.rawValue))])
        return try rows.first.map(order(from:))
    }

    static func eventPayload(_ order: OrderRecord, at: Date) -> OrderEventPayload {
        OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                          performanceId: order.performanceId, seatIds: order.seatIds, subtotal: order.subtotal,
                          discount: order.discount, total: order.total, applied: order.applied, occurredAt: at)
    }

    /// The order event, in the outbox row shape `PostgresOutbox` relays, in the caller's transaction.
    static func appendOrderEvent(_ c: isolated PostgresConnection, _ type: String, _ order: OrderRecord, at: Date) throws {
        try PostgresOutbox.append(on: c, eventId: "\(type):\(order.id)", aggregateId: order.id, type: type,
                                  payloadJSON: try PostgresJSON(eventPayload(order, at: at)).postgresText, now: at)
    }
}
