import Foundation
import GRDB

extension Storage {
    /// Appends an event inside the caller's transaction: it commits (or not) with the business rows.
    static func appendEvent(_ db: Database, eventId: String, aggregateId: String, type: String,
                            payload: Data, at: Date) throws {
        try db.run(sql: """
            INSERT INTO outboxEvent (eventId, aggregateId, type, payloadJSON, createdAt) VALUES (?, ?, ?, ?, ?)
            """, arguments: [eventId, aggregateId, type, payload, at.storedText])
    }

    /// Undelivered events in commit order (and so in order per aggregate).
    public func pendingEvents(limit: Int) async throws -> [OutboxEvent] {
        try await pool.read { db in
            try db.rows(sql: """
                SELECT * FROM outboxEvent WHERE deliveredAt IS NULL ORDER BY seq LIMIT ?
                """, arguments: [limit]).map { row in
                OutboxEvent(seq: row["seq"], eventId: row["eventId"], aggregateId: row["aggregateId"],
                            type: row["type"], payload: row["payloadJSON"], createdAt: row["createdAt"])
            }
        }
    }

    public func markDelivered(seqs: [Int64], at: Date) async throws {
        guard !seqs.isEmpty else { return }
        let stamp = at.storedText
        // One statement for the relay's whole batch, whatever its size: the seqs go as one JSON
        // array, so the text (and the cached statement) stays the same.
        let list = "[" + seqs.map(String.init).joined(separator: ",") + "]"
        try await write { db in
            try db.run(sql: "UPDATE outboxEvent SET deliveredAt = ? WHERE seq IN (SELECT value FROM json_each(?))",
                       arguments: [stamp, list])
        }
    }

    /// Runs `body` once per (consumer, event): the marker and the consumer's own writes commit
    /// together, so a replayed event changes nothing. Returns false when it was already processed.
    public func processOnce(consumer: String, eventId: String, at: Date,
                            _ body: @Sendable @escaping (Database) throws -> Void) async throws -> Bool {
        // Durable: the consumers that use it book money (ledger postings).
        try await writeDurably { db in
            try db.run(sql: "INSERT OR IGNORE INTO processedEvent (consumer, eventId, processedAt) VALUES (?, ?, ?)",
                           arguments: [consumer, eventId, at.storedText])
            guard db.changesCount == 1 else { return false }
            try body(db)
            return true
        }
    }

    public func outboxCounts() async throws -> (total: Int, pending: Int) {
        try await pool.read { db in
            (try db.value(Int.self, sql: "SELECT COUNT(*) FROM outboxEvent") ?? 0,
             try db.value(Int.self, sql: "SELECT COUNT(*) FROM outboxEvent WHERE deliveredAt IS NULL") ?? 0)
        }
    }
}
