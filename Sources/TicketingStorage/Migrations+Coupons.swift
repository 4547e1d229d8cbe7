import GRDB

extension Migrations {
    /// Frozen with the rest: coupons, the append-only issuance log and coupon use.
    static func couponTables(_ db: Database) throws {
        try db.create(table: "coupon") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("parametersJSON", .blob).notNull()
            // NULL for a platform-wide coupon.
            t.column("sellerId", .text).references("user")
            t.column("performanceId", .text).references("performance")
            t.column("grade", .text)
            t.column("minSpend", .integer).notNull()
            t.column("perTicket", .boolean).notNull()
            t.column("totalQuantity", .integer).notNull()
            // Kept in the same transaction as the log rows, so the CHECK is a declarative last
            // line of defence against over-issuing whatever the in-memory stock believes.
            t.column("issuedCount", .integer).notNull().defaults(to: 0)
            t.column("claimOpensAt", .datetime)
            t.column("expiresAt", .datetime)
            t.column("fundedBy", .text).notNull()
            t.column("createdBy", .text).notNull().references("user")
            t.column("createdAt", .datetime).notNull()
            t.check(sql: "issuedCount BETWEEN 0 AND totalQuantity")
            t.check(sql: "fundedBy IN ('seller', 'platform')")
        }
        try db.create(index: "coupon_on_performanceId", on: "coupon", columns: ["performanceId"])
        try db.create(index: "coupon_on_sellerId", on: "coupon", columns: ["sellerId"])

        try db.create(table: "couponIssuance") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("id", .text).notNull().unique()
            t.column("couponId", .text).notNull().references("coupon")
            t.column("userId", .text).notNull().references("user")
            t.column("claimedAt", .datetime).notNull()
            // One per buyer, whatever the in-memory claimant set says. Also the index that
            // rebuilds a coupon's stock at start.
            t.uniqueKey(["couponId", "userId"])
        }
        try db.create(index: "couponIssuance_on_userId", on: "couponIssuance", columns: ["userId"])
        // The log is the source of truth for stock after a restart; nothing may rewrite history.
        try db.execute(sql: """
            CREATE TRIGGER couponIssuance_no_update BEFORE UPDATE ON couponIssuance
            BEGIN SELECT RAISE(ABORT, 'the coupon issuance log is append-only'); END;
            CREATE TRIGGER couponIssuance_no_delete BEFORE DELETE ON couponIssuance
            BEGIN SELECT RAISE(ABORT, 'the coupon issuance log is append-only'); END;
            """)

        // Used/returned is mutable state, so it lives beside the log rather than in it.
        try db.create(table: "couponUse") { t in
            t.primaryKey("userCouponId", .text).references("couponIssuance", column: "id")
            t.column("orderId", .text).notNull()
            t.column("usedAt", .datetime).notNull()
        }
        try db.create(index: "couponUse_on_orderId", on: "couponUse", columns: ["orderId"])
    }
}
