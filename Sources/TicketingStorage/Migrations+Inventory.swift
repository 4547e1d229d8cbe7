import GRDB

extension Migrations {
    /// Waiting-room journal, pre-queue seed, holds and sold seats (issues: waiting room, seat inventory).
    static func registerInventory(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-queue-and-seats") { db in
            try db.create(table: "queueRuntime") { t in
                t.primaryKey("performanceId", .text)
                t.column("seedHex", .text).notNull()
                t.column("opened", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "queueEntry") { t in
                t.column("performanceId", .text).notNull()
                t.column("userId", .text).notNull()
                t.column("joinKey", .integer)
                t.column("joinedAt", .datetime).notNull()
                t.column("state", .text).notNull()
                t.column("admissionExpiresAt", .datetime)
                t.primaryKey(["performanceId", "userId"])
            }
            try db.create(index: "queueEntry_on_state", on: "queueEntry", columns: ["performanceId", "state", "joinKey"])
            try db.create(table: "seatHold") { t in
                t.primaryKey("id", .text)
                t.column("performanceId", .text).notNull()
                t.column("userId", .text).notNull()
                t.column("seatIdsJSON", .blob).notNull()
                t.column("amount", .integer).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("orderId", .text)
                t.column("status", .text).notNull()
            }
            try db.create(index: "seatHold_on_status", on: "seatHold", columns: ["performanceId", "status"])
            try db.create(table: "soldSeat") { t in
                t.column("performanceId", .text).notNull()
                t.column("seatId", .text).notNull()
                t.column("orderId", .text).notNull()
                t.primaryKey(["performanceId", "seatId"])
            }
        }
    }
}
