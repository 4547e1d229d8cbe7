import Foundation
import TicketingDomain
import TicketingRecords

/// Tickets, signing keys, the exactly-once check-in and door accounts on PostgreSQL, as
/// Sources/TicketingStorage does them (Storage+Tickets.swift, Storage+DoorAccounts.swift).
/// Tickets themselves are issued and revoked by the trigger on `ticket_order.status`
/// (Schema/PostgresMigrations+Ledger.swift), in the transaction that moves the order.
extension PostgresRecords: TicketRecordStore {
    /// The stored key, or nil before the performance's first ticket or key request.
    public func ticketKey(performanceId: String) async throws -> StoredTicketKey? {
        try await pool.withConnection { try await TicketSQL.key($0, performanceId) }
    }

    /// Stores `key` unless the performance already has one, and returns the one that stays:
    /// two racing first requests (on any nodes) agree on a single key.
    public func installTicketKey(performanceId: String, _ key: StoredTicketKey, at: Date) async throws -> StoredTicketKey {
        try await pool.transaction { connection in
            try connection.query("""
                INSERT INTO performance_key (performance_id, public_key, sealed_private_key, created_at)
                VALUES ($1, $2::bytea, $3::bytea, $4::timestamptz) ON CONFLICT (performance_id) DO NOTHING
                """, [performanceId, PostgresBytes(key.publicKey), PostgresBytes(key.sealedPrivateKey), at])
            guard let stored = try TicketSQL.key(connection, performanceId) else { throw StorageError.notFound(performanceId) }
            return stored
        }
    }

    public func tickets(userId: String) async throws -> [TicketRecord] {
        try await pool.query(TicketSQL.select + #" WHERE t.user_id = $1 ORDER BY t.issued_at DESC, t.seat_id COLLATE "C""#,
                             [userId]).rows.map(TicketSQL.ticket(from:))
    }

    public func ticket(id: String) async throws -> TicketRecord? {
        try await pool.query(TicketSQL.select + " WHERE t.id = $1", [id]).first.map(TicketSQL.ticket(from:))
    }

    public func tickets(performanceId: String) async throws -> [TicketRecord] {
        try await pool.query(TicketSQL.select + #" WHERE t.performance_id = $1 ORDER BY t.id COLLATE "C""#,
                             [performanceId]).rows.map(TicketSQL.ticket(from:))
    }

    public func checkinCounts(performanceId: String) async throws -> CheckinCounts {
        let row = try await pool.query("""
            SELECT count(*) FILTER (WHERE t.revoked_at IS NULL) AS valid,
                   count(c.ticket_id) FILTER (WHERE t.revoked_at IS NULL) AS entered,
                   count(*) FILTER (WHERE t.revoked_at IS NOT NULL) AS revoked
            FROM ticket t LEFT JOIN checkin c ON c.ticket_id = t.id WHERE t.performance_id = $1
            """, [performanceId]).first
        return CheckinCounts(tickets: try row?.decode("valid") ?? 0, checkedIn: try row?.decode("entered") ?? 0,
                             revoked: try row?.decode("revoked") ?? 0)
    }

    /// The one place a ticket enters. The check-in row's primary key is the ticket id and the
    /// insert is conditional: however many doors on however many nodes scan one code at once,
    /// exactly one insert adds a row (the others wait on the key, then insert nothing) and only
    /// that scan is admitted. The ticket row is read FOR SHARE, so a refund revoking it either
    /// commits first (the scan sees it revoked) or waits until the scan has committed, as
    /// SQLite's single writer orders them.
    public func checkIn(ticketId: String, _ checkin: CheckinRecord, recordedAt: Date) async throws -> CheckinOutcome {
        try await pool.transaction { connection in
            guard let ticket = try connection.query(TicketSQL.select + " WHERE t.id = $1 FOR SHARE OF t", [ticketId])
                .first.map(TicketSQL.ticket(from:)) else { return .unknownTicket }
            if ticket.revokedAt != nil { return .revoked(ticket) }
            let inserted = try connection.query("""
                INSERT INTO checkin (ticket_id, performance_id, checked_in_at, gate, scanned_by, offline, recorded_at)
                VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7::timestamptz) ON CONFLICT (ticket_id) DO NOTHING
                """, [ticket.id, ticket.performanceId, checkin.checkedInAt, checkin.gate, checkin.scannedBy,
                      checkin.offline, recordedAt])
            if inserted.affected == 1 {
                var admitted = ticket
                admitted.checkin = checkin
                return .admitted(admitted, checkin)
            }
            guard let earlier = try connection.query(TicketSQL.select + " WHERE t.id = $1", [ticketId])
                .first.map(TicketSQL.ticket(from:)), let first = earlier.checkin else { return .unknownTicket }
            if checkin.offline, first.offline, first.scannedBy == checkin.scannedBy,
               abs(first.checkedInAt.timeIntervalSince(checkin.checkedInAt)) < 0.001 {
                return .duplicate(earlier, first)
            }
            return .alreadyCheckedIn(earlier, first)
        }
    }

    /// The account and its link to the seller commit together; a taken email is `.duplicate`.
    public func createDoorAccount(_ user: UserRecord, sellerId: String) async throws {
        try await pool.transaction { connection in
            do {
                try connection.query("""
                    INSERT INTO app_user (id, email, name, role, password_hash, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
                    """, [user.id, user.email, user.name, user.role.rawValue, user.passwordHash, user.createdAt])
            } catch let error as PostgresError where error.sqlState == PostgresError.uniqueViolation {
                throw StorageError.duplicate("email")
            }
            try connection.query("INSERT INTO door_account (user_id, seller_id, created_at) VALUES ($1, $2, $3::timestamptz)",
                                 [user.id, sellerId, user.createdAt])
        }
    }

    /// The seller a door account scans for (nil for any other account).
    public func doorSeller(userId: String) async throws -> String? {
        try await pool.query("SELECT seller_id FROM door_account WHERE user_id = $1", [userId]).first?.decode("seller_id")
    }

    public func doorAccounts(sellerId: String) async throws -> [UserRecord] {
        try await pool.query("""
            SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at
            FROM app_user u JOIN door_account d ON d.user_id = u.id WHERE d.seller_id = $1
            ORDER BY d.created_at, u.id COLLATE "C"
            """, [sellerId]).rows.map { row in
            let roleText: String = try row.decode("role")
            guard let role = Role(rawValue: roleText) else { throw StorageError.corrupt("role \(roleText)") }
            return UserRecord(id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("name"),
                              role: role, passwordHash: try row.decode("password_hash"), createdAt: try row.decode("created_at"))
        }
    }
}

/// Ticket rows on one connection, inside the caller's transaction.
enum TicketSQL {
    static let select = """
        SELECT t.id, t.order_id, t.performance_id, t.seat_id, t.user_id, t.version, t.issued_at, t.revoked_at,
               c.checked_in_at, c.gate, c.scanned_by, c.offline
        FROM ticket t LEFT JOIN checkin c ON c.ticket_id = t.id
        """

    static func ticket(from row: PostgresRow) throws -> TicketRecord {
        var ticket = TicketRecord(id: try row.decode("id"), orderId: try row.decode("order_id"),
                                  performanceId: try row.decode("performance_id"), seatId: try row.decode("seat_id"),
                                  userId: try row.decode("user_id"), version: try row.decode("version"),
                                  issuedAt: try row.decode("issued_at"), revokedAt: try row.optional("revoked_at"))
        if let at: Date = try row.optional("checked_in_at") {
            ticket.checkin = CheckinRecord(checkedInAt: at, gate: try row.optional("gate"),
                                           scannedBy: try row.optional("scanned_by") ?? "",
                                           offline: try row.optional("offline") ?? false)
        }
        return ticket
    }

    static func key(_ connection: isolated PostgresConnection, _ performanceId: String) throws -> StoredTicketKey? {
        try connection.query("""
            SELECT public_key, sealed_private_key FROM performance_key WHERE performance_id = $1
            """, [performanceId]).first.map { row in
            StoredTicketKey(publicKey: try row.decode("public_key", as: PostgresBytes.self).bytes,
                            sealedPrivateKey: try row.decode("sealed_private_key", as: PostgresBytes.self).bytes)
        }
    }
}
