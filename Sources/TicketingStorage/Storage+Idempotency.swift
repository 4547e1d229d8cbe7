import Foundation
import GRDB

extension Storage {
    static func registerIdempotency(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-idempotency") { db in
            try db.create(table: "idempotentResponse") { t in
                t.primaryKey("scopedKey", .text)
                t.column("requestHash", .text).notNull()
                t.column("status", .integer).notNull()
                t.column("contentType", .text)
                t.column("body", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "idempotentResponse_on_createdAt", on: "idempotentResponse", columns: ["createdAt"])
        }
    }

    public func storedResponse(scopedKey: String) async throws -> StoredResponse? {
        try readNow { db in
            try db.row(sql: "SELECT * FROM idempotentResponse WHERE scopedKey = ?", arguments: [scopedKey]).map {
                StoredResponse(requestHash: $0["requestHash"], status: $0["status"], contentType: $0["contentType"],
                               body: $0["body"])
            }
        }
    }

    /// Keeps the first response only: a concurrent duplicate that lost the race stores nothing.
    public func storeResponse(scopedKey: String, _ response: StoredResponse, at: Date) async throws {
        try await write { db in
            try db.run(sql: """
                INSERT OR IGNORE INTO idempotentResponse (scopedKey, requestHash, status, contentType, body, createdAt)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [scopedKey, response.requestHash, response.status, response.contentType, response.body, at])
        }
    }

    public func pruneStoredResponses(before: Date) async throws {
        try await write { db in
            try db.run(sql: "DELETE FROM idempotentResponse WHERE createdAt < ?", arguments: [before])
        }
    }
}
