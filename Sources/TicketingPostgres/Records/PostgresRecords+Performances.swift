import Foundation
import TicketingDomain
import TicketingRecords

extension PostgresRecords: PerformanceRecords {
    public func createPerformance(_ performance: PerformanceRecord) async throws {
        let spec = performance.spec
        try await pool.query("""
            INSERT INTO performance (id, venue_id, seller_id, title, starts_at, sale_opens_at, spec, created_at)
            VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7::jsonb, $8::timestamptz)
            """, [performance.id, spec.venueId, performance.sellerId, spec.title, spec.startsAt, spec.saleOpensAt,
                  try PostgresJSON(spec), performance.createdAt])
    }

    public func performance(id: String) async throws -> PerformanceRecord? {
        try await pool.query("SELECT * FROM performance WHERE id = $1", [id]).first.map(Self.performance(from:))
    }

    /// All performances, soonest show first.
    public func performances() async throws -> [PerformanceRecord] {
        try await pool.query("SELECT * FROM performance ORDER BY starts_at, id COLLATE \"C\"").rows.map(Self.performance(from:))
    }

    static func performance(from row: PostgresRow) throws -> PerformanceRecord {
        PerformanceRecord(id: try row.decode("id"), sellerId: try row.decode("seller_id"),
                          spec: try PostgresJSON.decode(PerformanceSpec.self, row, "spec"),
                          createdAt: try row.decode("created_at"))
    }

    /// The pre-queue seed is created once per performance and kept (first writer wins, across
    /// nodes too), so its published commitment stays valid across restarts.
    public func queueSeed(performanceId: String, proposed: String) async throws -> String {
        try await write { connection in
            try connection.query("""
                INSERT INTO queue_runtime (performance_id, seed_hex, opened) VALUES ($1, $2, false)
                ON CONFLICT (performance_id) DO NOTHING
                """, [performanceId, proposed])
            return try connection.query("SELECT seed_hex FROM queue_runtime WHERE performance_id = $1", [performanceId])
                .first?.decode("seed_hex") ?? proposed
        }
    }

    /// Applies a batch of journal entries in one transaction, in order. A run of joins by
    /// distinct buyers (most of a rush's journal) is one statement: a round trip per join was
    /// most of a batch's time, and distinct buyers' joins commute.
    public func applyJournal(performanceId: String, opened: Bool, _ entries: [JournalEntry]) async throws {
        try await write { connection in
            if opened {
                try connection.query("UPDATE queue_runtime SET opened = true WHERE performance_id = $1", [performanceId])
            }
            var joins: [(userId: String, joinKey: Int?, joinedAt: Date)] = []
            var joiners: Set<String> = []
            for entry in entries {
                if case let .queueJoined(userId, joinKey, joinedAt) = entry, !joiners.contains(userId) {
                    joins.append((userId, joinKey, joinedAt))
                    joiners.insert(userId)
                    continue
                }
                try Self.insertJoins(connection, performanceId: performanceId, joins)
                joins.removeAll(keepingCapacity: true)
                joiners.removeAll(keepingCapacity: true)
                if case let .queueJoined(userId, joinKey, joinedAt) = entry {
                    joins.append((userId, joinKey, joinedAt))
                    joiners.insert(userId)
                } else {
                    try Self.apply(entry, performanceId: performanceId, connection)
                }
            }
            try Self.insertJoins(connection, performanceId: performanceId, joins)
        }
    }

    /// Joins by distinct buyers; a rejoin resets the entry (SQLite's upsert).
    static func insertJoins(_ c: isolated PostgresConnection, performanceId p: String,
                            _ joins: [(userId: String, joinKey: Int?, joinedAt: Date)]) throws {
        guard !joins.isEmpty else { return }
        try c.query("""
            INSERT INTO queue_entry (performance_id, user_id, join_key, joined_at, state)
            SELECT $1, user_id, NULLIF(join_key, '')::bigint, joined_at,
                   CASE WHEN join_key = '' THEN 'prequeue' ELSE 'waiting' END
            FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS j (user_id, join_key, joined_at)
            ON CONFLICT (performance_id, user_id) DO UPDATE SET join_key = excluded.join_key,
                joined_at = excluded.joined_at, state = excluded.state, admission_expires_at = NULL
            """, [p, PostgresTextArray(joins.map(\.userId)), PostgresTextArray(joins.map { $0.joinKey.map(String.init) ?? "" }),
                  PostgresTextArray(joins.map(\.joinedAt.postgresText))])
    }

    static func apply(_ entry: JournalEntry, performanceId p: String, _ c: isolated PostgresConnection) throws {
        switch entry {
        case let .queueJoined(userId, joinKey, joinedAt):
            try insertJoins(c, performanceId: p, [(userId, joinKey, joinedAt)])
        case let .queueOrdered(userId, joinKey):
            try c.query("UPDATE queue_entry SET join_key = $1, state = 'waiting' WHERE performance_id = $2 AND user_id = $3",
                        [joinKey, p, userId])
        case let .queueAdmitted(userId, expiresAt):
            try c.query("""
                UPDATE queue_entry SET state = 'admitted', admission_expires_at = $1::timestamptz
                WHERE performance_id = $2 AND user_id = $3
                """, [expiresAt, p, userId])
        case let .queueEnded(userId):
            try c.query("UPDATE queue_entry SET state = 'done' WHERE performance_id = $1 AND user_id = $2", [p, userId])
        case let .holdCreated(hold):
            try c.query("""
                INSERT INTO seat_hold (id, performance_id, user_id, seat_ids, amount, expires_at, status)
                VALUES ($1, $2, $3, $4::jsonb, $5, $6::timestamptz, 'active')
                """, [hold.id, p, hold.userId, try PostgresJSON(hold.seatIds), hold.amount, hold.expiresAt])
        case let .holdClosed(holdId, status):
            try c.query("UPDATE seat_hold SET status = $1 WHERE id = $2", [status, holdId])
        case let .holdPinned(holdId, orderId):
            try c.query("UPDATE seat_hold SET order_id = $1 WHERE id = $2", [orderId, holdId])
        case let .seatsSold(holdId, orderId, seatIds):
            try c.query("UPDATE seat_hold SET status = 'sold', order_id = $1 WHERE id = $2", [orderId, holdId])
            try insertSoldSeats(c, performanceId: p, seatIds: seatIds, orderId: orderId)
        case let .seatsReturned(seatIds):
            try c.query("DELETE FROM sold_seat WHERE performance_id = $1 AND seat_id = ANY($2::text[])",
                        [p, PostgresTextArray(seatIds)])
        }
    }

    /// One row per seat; a seat already sold refuses the whole transaction (primary key).
    static func insertSoldSeats(_ c: isolated PostgresConnection, performanceId: String, seatIds: [String],
                                orderId: String) throws {
        guard !seatIds.isEmpty else { return }
        try c.query("""
            INSERT INTO sold_seat (performance_id, seat_id, order_id)
            SELECT $1, seat, $3 FROM unnest($2::text[]) AS seat
            """, [performanceId, PostgresTextArray(seatIds), orderId])
    }

    public func inventorySnapshot(performanceId p: String) async throws -> InventorySnapshot {
        try await snapshot { c in
            let runtime = try c.query("SELECT seed_hex, opened FROM queue_runtime WHERE performance_id = $1", [p]).first
            // SQLite sorts NULL join keys (the pre-queue) first.
            let entries = try c.query("""
                SELECT user_id, state, admission_expires_at FROM queue_entry
                WHERE performance_id = $1 AND state <> 'done'
                ORDER BY join_key NULLS FIRST, joined_at, user_id COLLATE "C"
                """, [p]).rows
            var waiting: [String] = [], preQueue: [String] = [], admitted: [String: Date] = [:]
            for row in entries {
                let userId: String = try row.decode("user_id")
                switch try row.decode("state", as: String.self) {
                case "waiting": waiting.append(userId)
                case "prequeue": preQueue.append(userId)
                case "admitted": admitted[userId] = try row.optional("admission_expires_at")
                default: break
                }
            }
            let holds = try c.query("SELECT * FROM seat_hold WHERE performance_id = $1 AND status = 'active'", [p])
                .rows.map { row in
                    Hold(id: try row.decode("id"), userId: try row.decode("user_id"),
                         seatIds: try PostgresJSON.decode([String].self, row, "seat_ids"), amount: try row.decode("amount"),
                         expiresAt: try row.decode("expires_at"), orderId: try row.optional("order_id"))
                }
            let sold = try c.query("SELECT seat_id, order_id FROM sold_seat WHERE performance_id = $1", [p]).rows.map {
                (seatId: try $0.decode("seat_id", as: String.self), orderId: try $0.decode("order_id", as: String.self))
            }
            let maxKey = try c.query("SELECT max(join_key) AS k FROM queue_entry WHERE performance_id = $1", [p])
                .first?.optional("k", as: Int.self) ?? 0
            return InventorySnapshot(seedHex: try runtime?.decode("seed_hex"), opened: try runtime?.decode("opened") ?? false,
                                     waiting: waiting, preQueue: preQueue, admitted: admitted, maxJoinKey: maxKey,
                                     holds: holds, sold: sold)
        }
    }

    public func holdPerformance(holdId: String) async throws -> String? {
        try await pool.query("SELECT performance_id FROM seat_hold WHERE id = $1", [holdId]).first?.decode("performance_id")
    }
}
