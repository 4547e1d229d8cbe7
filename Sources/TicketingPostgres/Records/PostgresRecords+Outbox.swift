import Foundation
import TicketingRecords

/// The outbox as the relay of every node sees it. SQLite's `pendingEvents` is a plain read (one
/// relay per database); here every node relays, so reading pending events *is* taking them:
/// a batch is leased to this node (`relayWorker`, until `relayLease` from now) with
/// `FOR UPDATE SKIP LOCKED`, and no other node is handed those events while the lease stands.
/// The port keeps its shape (read, deliver, mark), so the relay runs unchanged on either backend.
///
/// - A lease is judged on the database's clock, the one clock every node shares (node clocks
///   drift; a deadline one node wrote must expire at the same instant for all of them).
/// - This node may take back its own leased events at once: a relay whose consumer failed
///   mid-batch retries on its next drain, as it would on SQLite, instead of waiting the lease out.
/// - Events of one aggregate go out in order: an event is handed out only when no earlier event
///   of its aggregate is undelivered, so a batch holds at most one event per aggregate.
/// - Delivery stays at least once (a relay slower than its lease, or dead after delivering and
///   before marking); consumers dedupe with `processOnce`, as on SQLite.
extension PostgresRecords: OutboxRecords {
    public func pendingEvents(limit: Int) async throws -> [OutboxEvent] {
        let lease = Double(relayLease.components.seconds) + Double(relayLease.components.attoseconds) / 1e18
        let rows = try await pool.query("""
            WITH picked AS (
                SELECT e.seq FROM outbox_event e
                WHERE e.delivered_at IS NULL
                  AND (e.lease_until IS NULL OR e.lease_until <= clock_timestamp() OR e.lease_owner = $1)
                  AND NOT EXISTS (SELECT 1 FROM outbox_event earlier
                                  WHERE earlier.aggregate_id = e.aggregate_id AND earlier.seq < e.seq
                                    AND earlier.delivered_at IS NULL)
                ORDER BY e.seq
                LIMIT $2
                FOR UPDATE OF e SKIP LOCKED
            )
            UPDATE outbox_event o
            SET lease_owner = $1, lease_until = clock_timestamp() + make_interval(secs => $3::float8),
                attempts = o.attempts + 1
            FROM picked WHERE o.seq = picked.seq
            RETURNING o.seq, o.event_id, o.aggregate_id, o.type, o.payload::text AS payload, o.created_at
            """, [relayWorker, limit, String(lease)])
        return try rows.rows.map { row in
            OutboxEvent(seq: Int64(try row.decode("seq", as: Int.self)), eventId: try row.decode("event_id"),
                        aggregateId: try row.decode("aggregate_id"), type: try row.decode("type"),
                        payload: Data(try row.decode("payload", as: String.self).utf8),
                        createdAt: try row.decode("created_at"))
        }.sorted { $0.seq < $1.seq }
    }

    /// Marks the events delivered whoever holds their lease now: they were delivered, and a node
    /// that took them over after this one's lease ran out only delivers them again (deduped).
    public func markDelivered(seqs: [Int64], at: Date) async throws {
        guard !seqs.isEmpty else { return }
        try await pool.query("""
            UPDATE outbox_event SET delivered_at = $2::timestamptz, lease_owner = NULL, lease_until = NULL
            WHERE seq = ANY(string_to_array($1, ',')::bigint[]) AND delivered_at IS NULL
            """, [seqs.map(String.init).joined(separator: ","), at])
    }

    public func outboxCounts() async throws -> (total: Int, pending: Int) {
        let row = try await pool.query("""
            SELECT count(*) AS total, count(*) FILTER (WHERE delivered_at IS NULL) AS pending FROM outbox_event
            """).first
        return (try row?.decode("total", as: Int.self) ?? 0, try row?.decode("pending", as: Int.self) ?? 0)
    }

    /// Runs `body` once per (consumer, event): the marker and the consumer's own writes commit
    /// together, so a replayed event changes nothing. Returns false when it was already
    /// processed. Two nodes handed the same event at once (a lease that ran out mid-delivery)
    /// serialise on the marker's primary key: the second insert waits for the first transaction
    /// and, once that commits, inserts nothing.
    public func processOnce(consumer: String, eventId: String, at: Date,
                            _ body: @escaping @Sendable (isolated PostgresConnection) throws -> Void) async throws -> Bool {
        try await pool.transaction { connection in
            let marked = try connection.query("""
                INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ($1, $2, $3::timestamptz)
                ON CONFLICT (consumer, event_id) DO NOTHING
                """, [consumer, eventId, at])
            guard marked.affected == 1 else { return false }
            try body(connection)
            return true
        }
    }
}
