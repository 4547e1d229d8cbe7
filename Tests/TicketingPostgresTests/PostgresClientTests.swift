import ConnectionPooling
import Foundation
import Testing
@testable import TicketingPostgres

@Suite("PostgreSQL client: parameters, rows, errors, transactions", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct PostgresClientTests {
    @Test func parametersAndRowsRoundTrip() async throws {
        let pool = try PostgresTestServer.pool(schema: try await PostgresTestServer.freshSchema())
        let when = Date(timeIntervalSince1970: 1_796_514_703.123456)
        let text = "O'Brien; DROP TABLE x; -- 한국어 \"q\""
        let row = try #require(try await pool.query("""
            SELECT $1::bigint AS n, $2::text AS s, $3::boolean AS b, $4::timestamptz AS t, $5::bytea AS y,
                   $6::text AS missing, 0.5::float8 AS d
            """, [9_007_199_254_740_993, text, true, when, PostgresBytes([1, 2, 254]), nil]).first)
        #expect(try row.decode("n", as: Int.self) == 9_007_199_254_740_993)
        #expect(try row.decode("s", as: String.self) == text)
        #expect(try row.decode("b", as: Bool.self))
        #expect(try row.decode("t", as: Date.self) == when)
        #expect(try row.decode("y", as: PostgresBytes.self).bytes == [1, 2, 254])
        #expect(try row.optional("missing", as: String.self) == nil)
        #expect(try row.decode("d", as: Double.self) == 0.5)
        #expect(throws: PostgresError.decoding("column missing is NULL")) { try row.decode("missing", as: String.self) }
        #expect(throws: PostgresError.decoding("no column nope")) { try row.decode("nope", as: String.self) }
        await pool.shutdown()
    }

    @Test func serverErrorsCarryTheirSQLStateAndATransactionRollsBack() async throws {
        let pool = try PostgresTestServer.pool(schema: try await PostgresTestServer.freshSchema())
        try await pool.query("CREATE TABLE item (id text PRIMARY KEY, n integer NOT NULL)")
        try await pool.query("INSERT INTO item VALUES ($1, $2)", ["a", 1])
        await #expect {
            try await pool.query("INSERT INTO item VALUES ($1, $2)", ["a", 2])
        } throws: { ($0 as? PostgresError)?.sqlState == PostgresError.uniqueViolation }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { connection in
                try connection.query("INSERT INTO item VALUES ($1, $2)", ["b", 1])
                try connection.query("INSERT INTO item VALUES ($1, $2)", ["a", 3])
            }
        }
        let count = try await pool.query("SELECT count(*) AS c FROM item").first?.decode("c", as: Int.self)
        #expect(count == 1, "the transaction's first insert must have rolled back")
        let committed = try await pool.transaction { connection in
            try connection.query("UPDATE item SET n = n + 1 WHERE id = $1", ["a"]).affected
        }
        #expect(committed == 1)
        await pool.shutdown()
    }

    @Test func aTerminatedBackendIsReplacedOnTheNextLease() async throws {
        let pool = try PostgresTestServer.pool(schema: try await PostgresTestServer.freshSchema(), maxConnections: 1)
        let pid = try #require(try await pool.query("SELECT pg_backend_pid() AS pid").first?.decode("pid", as: Int.self))
        let admin = try await PostgresConnection.connect(PostgresConfiguration(url: try #require(PostgresTestServer.url)))
        #expect(try await admin.query("SELECT pg_terminate_backend($1) AS done", [pid]).first?.decode("done", as: Bool.self) == true)
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        let newPid = try await pool.query("SELECT pg_backend_pid() AS pid").first?.decode("pid", as: Int.self)
        #expect(newPid != nil && newPid != pid)
        #expect(await pool.connectsMade == 2)
        await admin.close()
        await pool.shutdown()
    }
}
