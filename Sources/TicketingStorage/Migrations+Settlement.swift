import GRDB

extension Migrations {
    /// Settlement (issue #7): the double-entry ledger, statements per seller and period, the
    /// closing watermark and per-seller fee rates.
    static func registerSettlement(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-settlement") { db in
            // One row. Everything before `closedUntil` is closed; the period length lives here so
            // the server and `qticketd settle` cut time the same way.
            try db.create(table: "settlementState") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("periodSeconds", .integer).notNull().check { $0 >= 60 }
                t.column("closedUntil", .datetime)
            }
            try db.execute(sql: "INSERT INTO settlementState (id, periodSeconds) VALUES (1, 86400)")

            try db.create(table: "sellerFeeRate") { t in
                t.primaryKey("sellerId", .text).references("user")
                t.column("basisPoints", .integer).notNull().check { $0 >= 0 && $0 <= 10_000 }
                t.column("updatedAt", .datetime).notNull()
            }

            try db.create(table: "settlementStatement") { t in
                t.primaryKey("id", .text)
                t.column("sellerId", .text).notNull()
                t.column("periodStart", .datetime).notNull()
                t.column("periodEnd", .datetime).notNull()
                t.column("status", .text).notNull().check { ["open", "closed", "paid"].contains($0) }
                // Running totals kept in the same transaction as the entries they sum.
                t.column("gross", .integer).notNull().defaults(to: 0)
                t.column("sellerCouponCost", .integer).notNull().defaults(to: 0)
                t.column("platformCouponCost", .integer).notNull().defaults(to: 0)
                t.column("refunds", .integer).notNull().defaults(to: 0)
                t.column("platformFee", .integer).notNull().defaults(to: 0)
                t.column("closedAt", .datetime)
                t.column("paidAt", .datetime)
                t.uniqueKey(["sellerId", "periodStart"])
            }
            try db.create(index: "settlementStatement_on_status", on: "settlementStatement", columns: ["status", "periodEnd"])

            try db.create(table: "ledgerTransaction") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("orderId", .text).notNull()
                t.column("sellerId", .text).notNull()
                t.column("performanceId", .text).notNull()
                t.column("statementId", .text).notNull().references("settlementStatement")
                t.column("occurredAt", .datetime).notNull()
                t.column("postedAt", .datetime).notNull()
                t.column("ticketDelta", .integer).notNull()
                t.column("gross", .integer).notNull()
                t.column("sellerCouponCost", .integer).notNull()
                t.column("platformCouponCost", .integer).notNull()
                t.column("refunds", .integer).notNull()
                t.column("platformFee", .integer).notNull()
                // An order is paid once and refunded once, whatever event ids say.
                t.uniqueKey(["orderId", "kind"])
            }
            try db.create(index: "ledgerTransaction_on_performanceId", on: "ledgerTransaction", columns: ["performanceId"])
            try db.create(index: "ledgerTransaction_on_statementId", on: "ledgerTransaction", columns: ["statementId"])

            try db.create(table: "ledgerEntry") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("transactionId", .text).notNull().references("ledgerTransaction")
                t.column("statementId", .text).notNull().references("settlementStatement")
                t.column("account", .text).notNull()
                t.column("debit", .integer).notNull()
                t.column("credit", .integer).notNull()
                t.column("description", .text).notNull()
                t.check(sql: "debit >= 0 AND credit >= 0 AND (debit > 0) <> (credit > 0)")
            }
            try db.create(index: "ledgerEntry_on_statementId", on: "ledgerEntry", columns: ["statementId", "seq"])
            try db.create(index: "ledgerEntry_on_account", on: "ledgerEntry", columns: ["account"])

            // The books are append-only, and a closed statement is final: these are the
            // declarative last line of defence behind the landing rule in SettlementCalendar.
            try db.execute(sql: """
                CREATE TRIGGER ledgerTransaction_no_update BEFORE UPDATE ON ledgerTransaction
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledgerTransaction_no_delete BEFORE DELETE ON ledgerTransaction
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledgerEntry_no_update BEFORE UPDATE ON ledgerEntry
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledgerEntry_no_delete BEFORE DELETE ON ledgerEntry
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledgerEntry_open_statement BEFORE INSERT ON ledgerEntry
                WHEN (SELECT status FROM settlementStatement WHERE id = NEW.statementId) <> 'open'
                BEGIN SELECT RAISE(ABORT, 'a closed statement never changes'); END;
                CREATE TRIGGER settlementStatement_frozen BEFORE UPDATE ON settlementStatement
                WHEN OLD.status <> 'open' AND (NEW.gross <> OLD.gross OR NEW.sellerCouponCost <> OLD.sellerCouponCost
                    OR NEW.platformCouponCost <> OLD.platformCouponCost OR NEW.refunds <> OLD.refunds
                    OR NEW.platformFee <> OLD.platformFee OR NEW.periodStart <> OLD.periodStart
                    OR NEW.periodEnd <> OLD.periodEnd OR NEW.sellerId <> OLD.sellerId
                    OR (OLD.status = 'paid' AND NEW.status <> 'paid') OR NEW.status = 'open')
                BEGIN SELECT RAISE(ABORT, 'a closed statement never changes'); END;
                """)
        }
    }
}
