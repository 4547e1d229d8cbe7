/// Applies `PostgresMigrations.all` in order, each in its own transaction, recording it in
/// `schema_migration`. Frozen and append-only like the SQLite ones: a shipped migration is
/// never edited, only followed by a new one. Nodes starting together serialise on an advisory
/// lock, so each migration runs once.
public enum PostgresMigrator {
    /// Arbitrary, fixed: the advisory lock key the nodes agree on.
    static let lockKey = 0x5174_6963_6b65_74

    /// Returns the ids it applied (empty when the schema was current).
    @discardableResult
    public static func migrate(_ pool: PostgresPool) async throws -> [String] {
        try await pool.withConnection { connection in
            try await connection.migrate(PostgresMigrations.all)
        }
    }
}

extension PostgresConnection {
    func migrate(_ migrations: [PostgresMigration]) throws -> [String] {
        try query("SELECT pg_advisory_lock($1)", [PostgresMigrator.lockKey])
        defer { _ = try? query("SELECT pg_advisory_unlock($1)", [PostgresMigrator.lockKey]) }
        try execute("""
            CREATE TABLE IF NOT EXISTS schema_migration (
                id text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let done = Set(try query("SELECT id FROM schema_migration").rows.map { try $0.decode("id", as: String.self) })
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.id) {
            try transaction { connection in
                try connection.execute(migration.sql)
                try connection.query("INSERT INTO schema_migration (id) VALUES ($1)", [migration.id])
            }
            applied.append(migration.id)
        }
        return applied
    }
}

public struct PostgresMigration: Sendable {
    public let id: String
    public let sql: String
}
