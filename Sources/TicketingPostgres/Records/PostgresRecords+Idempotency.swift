import Foundation
import TicketingRecords

extension PostgresRecords: IdempotencyRecords {
    public func storedResponse(scopedKey: String) async throws -> StoredResponse? {
        try await pool.query("SELECT * FROM idempotent_response WHERE scoped_key = $1", [scopedKey]).first.map { row in
            StoredResponse(requestHash: try row.decode("request_hash"), status: try row.decode("status"),
                           contentType: try row.optional("content_type"),
                           body: Data(try row.decode("body", as: PostgresBytes.self).bytes))
        }
    }

    /// Keeps the first response only: a concurrent duplicate (on any node) that lost the race stores nothing.
    public func storeResponse(scopedKey: String, _ response: StoredResponse, at: Date) async throws {
        try await pool.query("""
            INSERT INTO idempotent_response (scoped_key, request_hash, status, content_type, body, created_at)
            VALUES ($1, $2, $3, $4, $5::bytea, $6::timestamptz)
            ON CONFLICT (scoped_key) DO NOTHING
            """, [scopedKey, response.requestHash, response.status, response.contentType, response.body.postgresBytes, at])
    }

    public func pruneStoredResponses(before: Date) async throws {
        try await pool.query("DELETE FROM idempotent_response WHERE created_at < $1::timestamptz", [before])
    }
}
