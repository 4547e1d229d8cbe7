import Foundation
import GRDB
import TicketingDomain

extension Storage {
    /// The pre-queue seed is created once per performance and kept, so its published commitment
    /// stays valid across restarts.
    public func queueSeed(performanceId: String, proposed: String) async throws -> String {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO queueRuntime (performanceId, seedHex, opened) VALUES (?, ?, 0)",
                           arguments: [performanceId, proposed])
            return try String.fetchOne(db, sql: "SELECT seedHex FROM queueRuntime WHERE performanceId = ?",
                                       arguments: [performanceId]) ?? proposed
        }
    }

    /// Applies a batch of journal entries in one transaction, in order.
    public func applyJournal(performanceId: String, opened: Bool, _ entries: [JournalEntry]) async throws {
        try await write { db in
            if opened {
                try db.cachedStatement(sql: "UPDATE queueRuntime SET opened = 1 WHERE performanceId = ?")
                    .execute(arguments: [performanceId])
            }
            for entry in entries { try Self.apply(entry, performanceId: performanceId, db) }
        }
    }

    /// Statements are prepared once per connection and reused: preparing them for every entry
    /// (SQLite's parser and GRDB's authorizer) was most of a journal batch's cost (BENCHMARKS.md).
    static func apply(_ entry: JournalEntry, performanceId p: String, _ db: Database) throws {
        switch entry {
        case let .queueJoined(userId, joinKey, joinedAt):
            try db.cachedStatement(sql: """
                INSERT INTO queueEntry (performanceId, userId, joinKey, joinedAt, state) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(performanceId, userId) DO UPDATE SET joinKey = excluded.joinKey,
                    joinedAt = excluded.joinedAt, state = excluded.state, admissionExpiresAt = NULL
                """).execute(arguments: [p, userId, joinKey, joinedAt.storedText, joinKey == nil ? "prequeue" : "waiting"])
        case let .queueOrdered(userId, joinKey):
            try db.cachedStatement(sql: "UPDATE queueEntry SET joinKey = ?, state = 'waiting' WHERE performanceId = ? AND userId = ?")
                .execute(arguments: [joinKey, p, userId])
        case let .queueAdmitted(userId, expiresAt):
            try db.cachedStatement(sql: """
                UPDATE queueEntry SET state = 'admitted', admissionExpiresAt = ? WHERE performanceId = ? AND userId = ?
                """).execute(arguments: [expiresAt.storedText, p, userId])
        case let .queueEnded(userId):
            try db.cachedStatement(sql: "UPDATE queueEntry SET state = 'done' WHERE performanceId = ? AND userId = ?")
                .execute(arguments: [p, userId])
        case let .holdCreated(hold):
            try db.cachedStatement(sql: """
                INSERT INTO seatHold (id, performanceId, userId, seatIdsJSON, amount, expiresAt, status)
                VALUES (?, ?, ?, ?, ?, ?, 'active')
                """).execute(arguments: [hold.id, p, hold.userId, try BlobCoding.encode(hold.seatIds), hold.amount, hold.expiresAt.storedText])
        case let .holdClosed(holdId, status):
            try db.cachedStatement(sql: "UPDATE seatHold SET status = ? WHERE id = ?").execute(arguments: [status, holdId])
        case let .holdPinned(holdId, orderId):
            try db.cachedStatement(sql: "UPDATE seatHold SET orderId = ? WHERE id = ?").execute(arguments: [orderId, holdId])
        case let .seatsSold(holdId, orderId, seatIds):
            try db.cachedStatement(sql: "UPDATE seatHold SET status = 'sold', orderId = ? WHERE id = ?").execute(arguments: [orderId, holdId])
            for seatId in seatIds {
                try db.cachedStatement(sql: "INSERT INTO soldSeat (performanceId, seatId, orderId) VALUES (?, ?, ?)")
                .execute(arguments: [p, seatId, orderId])
            }
        case let .seatsReturned(seatIds):
            for seatId in seatIds {
                try db.cachedStatement(sql: "DELETE FROM soldSeat WHERE performanceId = ? AND seatId = ?").execute(arguments: [p, seatId])
            }
        }
    }

    public func inventorySnapshot(performanceId p: String) async throws -> InventorySnapshot {
        try await pool.read { db in
            let runtime = try Row.fetchOne(db, sql: "SELECT * FROM queueRuntime WHERE performanceId = ?", arguments: [p])
            let entries = try Row.fetchAll(db, sql: """
                SELECT userId, joinKey, state, admissionExpiresAt FROM queueEntry
                WHERE performanceId = ? AND state != 'done' ORDER BY joinKey, joinedAt, userId
                """, arguments: [p])
            var admitted: [String: Date] = [:]
            for row in entries where (row["state"] as String) == "admitted" {
                admitted[row["userId"]] = row["admissionExpiresAt"]
            }
            let holds = try Row.fetchAll(db, sql: "SELECT * FROM seatHold WHERE performanceId = ? AND status = 'active'",
                                         arguments: [p]).map { row in
                Hold(id: row["id"], userId: row["userId"],
                     seatIds: try JSONDecoder().decode([String].self, from: row["seatIdsJSON"] as Data),
                     amount: row["amount"], expiresAt: row["expiresAt"], orderId: row["orderId"])
            }
            let sold = try Row.fetchAll(db, sql: "SELECT seatId, orderId FROM soldSeat WHERE performanceId = ?",
                                        arguments: [p]).map { (seatId: $0["seatId"] as String, orderId: $0["orderId"] as String) }
            let maxKey = try Int.fetchOne(db, sql: "SELECT MAX(joinKey) FROM queueEntry WHERE performanceId = ?",
                                          arguments: [p]) ?? 0
            return InventorySnapshot(
                seedHex: runtime?["seedHex"], opened: runtime?["opened"] ?? false,
                waiting: entries.filter { ($0["state"] as String) == "waiting" }.map { $0["userId"] },
                preQueue: entries.filter { ($0["state"] as String) == "prequeue" }.map { $0["userId"] },
                admitted: admitted, maxJoinKey: maxKey, holds: holds, sold: sold)
        }
    }

    public func holdPerformance(holdId: String) async throws -> String? {
        try readNow { db in
            try db.value(String.self, sql: "SELECT performanceId FROM seatHold WHERE id = ?", arguments: [holdId])
        }
    }
}
