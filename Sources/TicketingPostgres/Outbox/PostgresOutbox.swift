import Foundation

/// The transactional outbox's write side in PostgreSQL. Every node relays the same outbox; the
/// relay's read leases events to its node (`PostgresRecords.pendingEvents`, in
/// PostgresRecords+Outbox.swift), the one lease the relay goes through on either backend.
public enum PostgresOutbox {
    /// Appends an event inside the caller's transaction (with the business rows it describes).
    public static func append(on connection: isolated PostgresConnection, eventId: String, aggregateId: String,
                              type: String, payloadJSON: String, now: Date) throws {
        try connection.query("""
            INSERT INTO outbox_event (event_id, aggregate_id, type, payload, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz)
            """, [eventId, aggregateId, type, payloadJSON, now])
    }
}
