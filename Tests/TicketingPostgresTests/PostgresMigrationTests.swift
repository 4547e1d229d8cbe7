import ConnectionPooling
import Foundation
import Testing
@testable import TicketingPostgres

@Suite("PostgreSQL migrations", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct PostgresMigrationTests {
    @Test func fourNodesMigratingAtOnceApplyEachMigrationOnce() async throws {
        let schema = try await PostgresTestServer.freshSchema()
        let applied = try await race(4) { _ in
            let pool = try PostgresTestServer.pool(schema: schema, maxConnections: 1)
            let ids = try await PostgresMigrator.migrate(pool)
            await pool.shutdown()
            return ids
        }
        #expect(applied.flatMap { $0 }.sorted() == PostgresMigrations.all.map(\.id).sorted())
        let pool = try PostgresTestServer.pool(schema: schema)
        #expect(try await PostgresMigrator.migrate(pool) == [])
        let tables = try await pool.query("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name
            """, [schema]).rows.map { try $0.decode("table_name", as: String.self) }
        #expect(tables == ["app_user", "checkin", "coupon", "coupon_issuance", "coupon_use", "door_account",
                           "idempotent_response", "ledger_entry", "ledger_transaction", "outbox_event", "performance",
                           "performance_key", "processed_event", "queue_entry", "queue_runtime", "schema_migration",
                           "seat_hold", "seller_fee_rate", "settlement_state", "settlement_statement", "sold_seat",
                           "ticket", "ticket_order", "token_secret", "venue"])
        await pool.shutdown()
    }

    @Test func theIssuanceLogAndTheLedgerAreAppendOnlyAndAClosedStatementIsFinal() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        let now = Date(timeIntervalSince1970: 1_796_514_703)
        try await pool.transaction { c in
            try c.query("INSERT INTO app_user VALUES ('u1', 'A@x.kr', 'A', 'seller', 'h', $1::timestamptz)", [now])
            try c.query("""
                INSERT INTO coupon (id, name, kind, parameters, min_spend, per_ticket, total_quantity, funded_by, created_by, created_at)
                VALUES ('c1', 'ten', 'fixed', '{}', 0, false, 1, 'platform', 'u1', $1::timestamptz)
                """, [now])
            try c.query("INSERT INTO coupon_issuance (id, coupon_id, user_id, claimed_at) VALUES ('i1', 'c1', 'u1', $1::timestamptz)", [now])
        }
        await #expect { try await pool.query("DELETE FROM coupon_issuance") } throws: {
            ($0 as? PostgresError)?.sqlState == PostgresError.raisedException
        }
        await #expect { try await pool.query("INSERT INTO app_user VALUES ('u2', 'a@X.KR', 'B', 'buyer', 'h', now())") } throws: {
            ($0 as? PostgresError)?.sqlState == PostgresError.uniqueViolation
        }
        await #expect { try await pool.query("UPDATE coupon SET issued_count = 2") } throws: {
            ($0 as? PostgresError)?.sqlState == "23514"
        }
        try await pool.transaction { c in
            try c.query("""
                INSERT INTO settlement_statement (id, seller_id, period_start, period_end, status)
                VALUES ('s1', 'u1', $1::timestamptz, $1::timestamptz + interval '1 day', 'open')
                """, [now])
            try c.query("""
                INSERT INTO ledger_transaction VALUES ('t1', 'paid', 'o1', 'u1', 'p1', 's1', $1::timestamptz, $1::timestamptz,
                    1, 1000, 0, 0, 0, 100)
                """, [now])
            try c.query("INSERT INTO ledger_entry (transaction_id, statement_id, account, debit, credit, description) VALUES ('t1', 's1', 'cash', 1000, 0, 'x')")
            try c.query("UPDATE settlement_statement SET status = 'closed', gross = 1000 WHERE id = 's1'")
        }
        await #expect { try await pool.query("UPDATE ledger_entry SET debit = 1") } throws: {
            ($0 as? PostgresError)?.sqlState == PostgresError.raisedException
        }
        await #expect { try await pool.query("UPDATE settlement_statement SET gross = 5 WHERE id = 's1'") } throws: {
            ($0 as? PostgresError)?.sqlState == PostgresError.raisedException
        }
        await #expect {
            try await pool.query("INSERT INTO ledger_entry (transaction_id, statement_id, account, debit, credit, description) VALUES ('t1', 's1', 'fee', 0, 100, 'late')")
        } throws: { ($0 as? PostgresError)?.sqlState == PostgresError.raisedException }
        #expect(try await pool.query("UPDATE settlement_statement SET status = 'paid' WHERE id = 's1'").affected == 1)
        await pool.shutdown()
    }

    @Test func everyNodeGetsTheSecretTheFirstOneStored() async throws {
        let pool = try await PostgresTestServer.migratedPool(maxConnections: 8)
        let secrets = try await race(10) { index in
            try await PostgresTokenSecret.loadOrCreate(pool, candidate: [UInt8](repeating: UInt8(index), count: 32),
                                                       now: Date(timeIntervalSince1970: 1_796_514_703))
        }
        #expect(Set(secrets).count == 1)
        #expect(secrets[0].count == 32)
        await pool.shutdown()
    }
}
