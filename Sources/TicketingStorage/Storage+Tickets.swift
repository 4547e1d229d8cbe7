import Foundation
import GRDB

/// Tickets, signing keys and the exactly-once check-in (docs/TICKETS.md).
extension Storage {
    /// The stored key, or nil before the performance's first ticket or key request.
    public func ticketKey(performanceId: String) async throws -> StoredTicketKey? {
        try readNow { db in try Self.ticketKey(db, performanceId) }
    }

    /// Stores `key` unless the performance already has one, and returns the one that stays:
    /// two racing first requests agree on a single key.
    public func installTicketKey(performanceId: String, _ key: StoredTicketKey, at: Date) async throws -> StoredTicketKey {
        try await write { db in
            try db.run(sql: """
                INSERT INTO performanceKey (performanceId, publicKey, sealedPrivateKey, createdAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(performanceId) DO NOTHING
                """, arguments: [performanceId, Data(key.publicKey), Data(key.sealedPrivateKey), at])
            guard let stored = try Self.ticketKey(db, performanceId) else { throw StorageError.notFound(performanceId) }
            return stored
        }
    }

    public func tickets(userId: String) async throws -> [TicketRecord] {
        try readNow { db in
            try db.rows(sql: "\(Self.ticketSelect) WHERE t.userId = ? ORDER BY t.issuedAt DESC, t.seatId",
                             arguments: [userId]).map(Self.ticket(from:))
        }
    }

    public func ticket(id: String) async throws -> TicketRecord? {
        try readNow { db in
            try db.row(sql: "\(Self.ticketSelect) WHERE t.id = ?", arguments: [id]).map(Self.ticket(from:))
        }
    }

    public func tickets(performanceId: String) async throws -> [TicketRecord] {
        try await pool.read { db in
            try db.rows(sql: "\(Self.ticketSelect) WHERE t.performanceId = ? ORDER BY t.id",
                             arguments: [performanceId]).map(Self.ticket(from:))
        }
    }

    public func checkinCounts(performanceId: String) async throws -> CheckinCounts {
        try await pool.read { db in
            let row = try db.row(sql: """
                SELECT COUNT(*) FILTER (WHERE t.revokedAt IS NULL) AS valid,
                       COUNT(c.ticketId) FILTER (WHERE t.revokedAt IS NULL) AS entered,
                       COUNT(*) FILTER (WHERE t.revokedAt IS NOT NULL) AS revoked
                FROM ticket t LEFT JOIN checkin c ON c.ticketId = t.id WHERE t.performanceId = ?
                """, arguments: [performanceId])
            return CheckinCounts(tickets: row?["valid"] ?? 0, checkedIn: row?["entered"] ?? 0, revoked: row?["revoked"] ?? 0)
        }
    }

    /// The one place a ticket enters. The check-in row's primary key is the ticket id and the
    /// insert is conditional, inside SQLite's single writer: however many doors scan one code at
    /// once, exactly one insert changes a row and only that scan is admitted.
    public func checkIn(ticketId: String, _ checkin: CheckinRecord, recordedAt: Date) async throws -> CheckinOutcome {
        try await write { db in
            guard let ticket = try db.row(sql: "\(Self.ticketSelect) WHERE t.id = ?", arguments: [ticketId])
                .map(Self.ticket(from:)) else { return .unknownTicket }
            if ticket.revokedAt != nil { return .revoked(ticket) }
            try db.run(sql: """
                INSERT INTO checkin (ticketId, performanceId, checkedInAt, gate, scannedBy, offline, recordedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(ticketId) DO NOTHING
                """, arguments: [ticket.id, ticket.performanceId, checkin.checkedInAt, checkin.gate, checkin.scannedBy,
                                 checkin.offline, recordedAt])
            if db.changesCount == 1 {
                var admitted = ticket
                admitted.checkin = checkin
                return .admitted(admitted, checkin)
            }
            guard let earlier = try db.row(sql: "\(Self.ticketSelect) WHERE t.id = ?", arguments: [ticketId])
                .map(Self.ticket(from:)), let first = earlier.checkin else { return .unknownTicket }
            if checkin.offline, first.offline, first.scannedBy == checkin.scannedBy,
               abs(first.checkedInAt.timeIntervalSince(checkin.checkedInAt)) < 0.001 {
                return .duplicate(earlier, first)
            }
            return .alreadyCheckedIn(earlier, first)
        }
    }

    static let ticketSelect = """
        SELECT t.*, c.checkedInAt, c.gate, c.scannedBy, c.offline
        FROM ticket t LEFT JOIN checkin c ON c.ticketId = t.id
        """

    static func ticket(from row: Row) -> TicketRecord {
        var ticket = TicketRecord(id: row["id"], orderId: row["orderId"], performanceId: row["performanceId"],
                                  seatId: row["seatId"], userId: row["userId"], version: row["version"],
                                  issuedAt: row["issuedAt"], revokedAt: row["revokedAt"])
        if let at: Date = row["checkedInAt"] {
            ticket.checkin = CheckinRecord(checkedInAt: at, gate: row["gate"], scannedBy: row["scannedBy"] ?? "",
                                           offline: row["offline"] ?? false)
        }
        return ticket
    }

    static func ticketKey(_ db: Database, _ performanceId: String) throws -> StoredTicketKey? {
        try db.row(sql: "SELECT publicKey, sealedPrivateKey FROM performanceKey WHERE performanceId = ?",
                         arguments: [performanceId]).map { row in
            StoredTicketKey(publicKey: Array(row["publicKey"] as Data), sealedPrivateKey: Array(row["sealedPrivateKey"] as Data))
        }
    }
}
