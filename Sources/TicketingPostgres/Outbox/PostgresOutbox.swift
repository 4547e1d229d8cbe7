import Foundation

/// The transactional outbox in PostgreSQL, relayed by every node at once.
///
/// A relay claims a batch with `SELECT … FOR UPDATE SKIP LOCKED` and stamps it with a lease
/// (owner, deadline) in the same statement: another relay skips rows being claimed and, once the
/// claim commits, no longer matches them. A relay that dies keeps its lease only until the
/// deadline; then any node picks the events up again (delivery is at least once; consumers dedupe
/// by event id through `processed_event`). Events of one aggregate go out in order: an event is
/// claimable only when no earlier event of its aggregate is still undelivered.
public struct PostgresOutbox: Sendable {
    public struct Event: Sendable, Equatable {
        public var seq: Int
        public var eventId: String
        public var aggregateId: String
        public var type: String
        public var payloadJSON: String
        public var attempts: Int
        public var createdAt: Date
    }

    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Appends an event inside the caller's transaction (with the business rows it describes).
    public static func append(on connection: isolated PostgresConnection, eventId: String, aggregateId: String,
                              type: String, payloadJSON: String, now: Date) throws {
        try connection.query("""
            INSERT INTO outbox_event (event_id, aggregate_id, type, payload, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz)
            """, [eventId, aggregateId, type, payloadJSON, now])
    }

    /// Leases up to `limit` deliverable events to `worker` until `now + lease`.
    public func claim(worker: String, limit: Int, now: Date, lease: Duration) async throws -> [Event] {
        let until = now.addingTimeInterval(Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18)
        let rows = try await pool.query("""
            WITH picked AS (
                SELECT e.seq FROM outbox_event e
                WHERE e.delivered_at IS NULL
                  AND (e.lease_until IS NULL OR e.lease_until <= $2::timestamptz)
                  AND NOT EXISTS (SELECT 1 FROM outbox_event earlier
                                  WHERE earlier.aggregate_id = e.aggregate_id AND earlier.seq < e.seq
                                    AND earlier.delivered_at IS NULL)
                ORDER BY e.seq
                LIMIT $3
                FOR UPDATE OF e SKIP LOCKED
            )
            UPDATE outbox_event o
            SET lease_owner = $1, lease_until = $4::timestamptz, attempts = o.attempts + 1
            FROM picked WHERE o.seq = picked.seq
            RETURNING o.seq, o.event_id, o.aggregate_id, o.type, o.payload::text AS payload, o.attempts, o.created_at
            """, [worker, now, limit, until])
        return try rows.rows.map { row in
            Event(seq: try row.decode("seq"), eventId: try row.decode("event_id"), aggregateId: try row.decode("aggregate_id"),
                  type: try row.decode("type"), payloadJSON: try row.decode("payload"), attempts: try row.decode("attempts"),
                  createdAt: try row.decode("created_at"))
        }.sorted { $0.seq < $1.seq }
    }

    /// Marks an event delivered; false when `worker` no longer holds its lease (it expired and
    /// another node took it), in which case that node's delivery is the one that counts.
    public func markDelivered(seq: Int, worker: String, now: Date) async throws -> Bool {
        let rows = try await pool.query("""
            UPDATE outbox_event SET delivered_at = $3::timestamptz, lease_owner = NULL, lease_until = NULL
            WHERE seq = $1 AND lease_owner = $2 AND delivered_at IS NULL
            """, [seq, worker, now])
        return rows.affected == 1
    }
}
