import GRDB

/// Frozen, append-only: a shipped migration is never edited, only followed by a new one,
/// because a database in the field has already run it.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts-venues-performances") { db in
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("email", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "venue") { t in
                t.primaryKey("id", .text)
                t.column("ownerId", .text).notNull().references("user")
                t.column("name", .text).notNull()
                t.column("layoutJSON", .blob).notNull()
                t.column("seatCount", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "performance") { t in
                t.primaryKey("id", .text)
                t.column("venueId", .text).notNull().references("venue")
                t.column("sellerId", .text).notNull().references("user")
                t.column("title", .text).notNull()
                t.column("startsAt", .datetime).notNull()
                t.column("saleOpensAt", .datetime).notNull()
                t.column("specJSON", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "performance_on_startsAt", on: "performance", columns: ["startsAt"])
        }
        registerInventory(&migrator)
        registerOrders(&migrator)
        migrator.registerMigration("v4-coupons", migrate: couponTables)
        Storage.registerIdempotency(&migrator)
        registerSettlement(&migrator)
        registerTickets(&migrator)
        return migrator
    }
}
