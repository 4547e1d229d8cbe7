import Foundation
import TicketingDomain
import TicketingRecords

extension PostgresRecords: AccountRecords {
    /// Throws `StorageError.duplicate("email")` when the address (case-insensitively) or the id is taken.
    public func createUser(_ user: UserRecord) async throws {
        try await Self.mappingDuplicate("email") {
            try await write { connection in try Self.insertUser(connection, user) }
        }
    }

    /// Many accounts in one statement (so one transaction): one taken address refuses them all.
    public func createUsers(_ users: [UserRecord]) async throws {
        guard !users.isEmpty else { return }
        try await Self.mappingDuplicate("email") {
            try await pool.query("""
                INSERT INTO app_user (id, email, name, role, password_hash, created_at)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                """, [PostgresTextArray(users.map(\.id)), PostgresTextArray(users.map(\.email)),
                      PostgresTextArray(users.map(\.name)), PostgresTextArray(users.map(\.role.rawValue)),
                      PostgresTextArray(users.map(\.passwordHash)), PostgresTextArray(users.map(\.createdAt.postgresText))])
        }
    }

    public func user(email: String) async throws -> UserRecord? {
        try await pool.query("SELECT * FROM app_user WHERE lower(email) = lower($1)", [email]).first.map(Self.user(from:))
    }

    public func user(id: String) async throws -> UserRecord? {
        try await pool.query("SELECT * FROM app_user WHERE id = $1", [id]).first.map(Self.user(from:))
    }

    public func userCount() async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM app_user").first?.decode("n") ?? 0
    }

    /// Inside a caller's transaction (door accounts are created with their seller link).
    static func insertUser(_ connection: isolated PostgresConnection, _ user: UserRecord) throws {
        try connection.query("""
            INSERT INTO app_user (id, email, name, role, password_hash, created_at)
            VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
            """, [user.id, user.email, user.name, user.role.rawValue, user.passwordHash, user.createdAt])
    }

    static func user(from row: PostgresRow) throws -> UserRecord {
        let id: String = try row.decode("id")
        guard let role = Role(rawValue: try row.decode("role")) else {
            throw StorageError.corrupt("user \(id) has an unknown role")
        }
        return UserRecord(id: id, email: try row.decode("email"), name: try row.decode("name"), role: role,
                          passwordHash: try row.decode("password_hash"), createdAt: try row.decode("created_at"))
    }
}
