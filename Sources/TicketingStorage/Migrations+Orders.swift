import GRDB

extension Migrations {
    /// Orders, the transactional outbox and consumer de-duplication (issue: checkout and payment).
    static func registerOrders(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-orders-outbox") { db in
            try db.create(table: "ticketOrder") { t in
                t.primaryKey("id", .text)
                t.column("userId", .text).notNull()
                t.column("performanceId", .text).notNull()
                t.column("sellerId", .text).notNull()
                t.column("holdId", .text).notNull()
                t.column("seatIdsJSON", .blob).notNull()
                t.column("subtotal", .integer).notNull()
                t.column("discount", .integer).notNull()
                t.column("total", .integer).notNull()
                t.column("appliedJSON", .blob).notNull()
                t.column("status", .text).notNull()
                t.column("paymentKey", .text)
                t.column("failureCode", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("paidAt", .datetime)
            }
            try db.create(index: "ticketOrder_on_user", on: "ticketOrder", columns: ["userId", "createdAt"])
            try db.create(index: "ticketOrder_on_status", on: "ticketOrder", columns: ["status"])
            try db.create(table: "outboxEvent") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("eventId", .text).notNull().unique()
                t.column("aggregateId", .text).notNull()
                t.column("type", .text).notNull()
                t.column("payloadJSON", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("deliveredAt", .datetime)
            }
            try db.create(index: "outboxEvent_pending", on: "outboxEvent", columns: ["deliveredAt", "seq"])
            try db.create(table: "processedEvent") { t in
                t.column("consumer", .text).notNull()
                t.column("eventId", .text).notNull()
                t.column("processedAt", .datetime).notNull()
                t.primaryKey(["consumer", "eventId"])
            }
        }
    }
}
