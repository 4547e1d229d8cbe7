import GRDB

extension Migrations {
    /// Tickets, check-ins, per-performance signing keys and door accounts (docs/TICKETS.md).
    ///
    /// Tickets are issued and revoked by triggers on `ticketOrder.status`, so every path that
    /// marks an order paid or refunded does it in its own transaction without knowing tickets
    /// exist: a paid order without tickets, or a refunded one with valid tickets, cannot commit.
    static func registerTickets(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-tickets-checkins") { db in
            try db.create(table: "ticket") { t in
                t.primaryKey("id", .text)
                t.column("orderId", .text).notNull()
                t.column("performanceId", .text).notNull()
                t.column("seatId", .text).notNull()
                t.column("userId", .text).notNull()
                // Bumped when a ticket is reissued; doors refuse codes of an older version.
                t.column("version", .integer).notNull().defaults(to: 1)
                t.column("issuedAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
                t.uniqueKey(["orderId", "seatId"])
            }
            try db.create(index: "ticket_on_user", on: "ticket", columns: ["userId"])
            try db.create(index: "ticket_on_performance", on: "ticket", columns: ["performanceId"])
            // One row per ticket: the primary key is what makes entry happen exactly once.
            try db.create(table: "checkin") { t in
                t.primaryKey("ticketId", .text).references("ticket")
                t.column("performanceId", .text).notNull()
                t.column("checkedInAt", .datetime).notNull()
                t.column("gate", .text)
                t.column("scannedBy", .text).notNull()
                t.column("offline", .boolean).notNull().defaults(to: false)
                t.column("recordedAt", .datetime).notNull()
            }
            try db.create(index: "checkin_on_performance", on: "checkin", columns: ["performanceId"])
            try db.create(table: "performanceKey") { t in
                t.primaryKey("performanceId", .text).references("performance")
                t.column("publicKey", .blob).notNull()
                // The private key XORed with a pad derived from the server secret (never served).
                t.column("sealedPrivateKey", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "doorAccount") { t in
                t.primaryKey("userId", .text).references("user")
                t.column("sellerId", .text).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "doorAccount_on_seller", on: "doorAccount", columns: ["sellerId"])
            // seatIdsJSON is a BLOB of JSON text; json_each needs it as TEXT.
            let issue = """
                INSERT OR IGNORE INTO ticket (id, orderId, performanceId, seatId, userId, version, issuedAt)
                SELECT 'tkt_' || lower(hex(randomblob(10))), o.id, o.performanceId, seat.value, o.userId, 1,
                       COALESCE(o.paidAt, o.updatedAt)
                FROM ticketOrder o, json_each(CAST(o.seatIdsJSON AS TEXT)) seat
                """
            try db.execute(sql: """
                CREATE TRIGGER ticket_issue_on_paid AFTER UPDATE OF status ON ticketOrder
                WHEN NEW.status = 'paid' AND OLD.status <> 'paid'
                BEGIN
                    \(issue) WHERE o.id = NEW.id;
                END;
                CREATE TRIGGER ticket_revoke_on_refund AFTER UPDATE OF status ON ticketOrder
                WHEN NEW.status = 'refunded'
                BEGIN
                    UPDATE ticket SET revokedAt = NEW.updatedAt WHERE orderId = NEW.id AND revokedAt IS NULL;
                END;
                """)
            // Orders paid before this migration get their tickets too.
            try db.execute(sql: "\(issue) WHERE o.status IN ('paid', 'refund_processing', 'refunded')")
            try db.execute(sql: """
                UPDATE ticket SET revokedAt = (SELECT updatedAt FROM ticketOrder WHERE id = ticket.orderId)
                WHERE orderId IN (SELECT id FROM ticketOrder WHERE status = 'refunded')
                """)
        }
    }
}
