import Foundation
import TicketingDomain
import TicketingPostgres
import TicketingProtocol
import TicketingStorage

/// Offline administration run by `qticketd` subcommands directly against the records: the data
/// directory's SQLite, or the distributed mode's PostgreSQL (`--redis`, `--postgres`).
public enum AdminTasks {
    /// Where an admin task's records are.
    public enum Target: Sendable {
        case dataDirectory(URL)
        case distributed(DistributedSettings)

        /// `--data DIR`, or `--redis URL --postgres URL` (both or neither, from flags, environment
        /// or TOML like the server's); exactly one of the two ways.
        public static func resolve(data: String?, redis: String?, postgres: String?,
                                   resolver: SettingsResolver = SettingsResolver()) throws -> Target {
            switch (data, try resolver.distributed(redis: redis, postgres: postgres)) {
            case let (data?, nil): return .dataDirectory(URL(fileURLWithPath: data, isDirectory: true))
            case let (nil, settings?): return .distributed(settings)
            case (_?, _?): throw SettingsError("give --data, or --redis and --postgres, not both")
            case (nil, nil): throw SettingsError("give --data DIR, or --redis URL and --postgres URL")
            }
        }
    }

    /// Runs `body` on the target's records and closes them afterwards. PostgreSQL is migrated
    /// first, so an admin task may be the first thing to touch a fresh database.
    public static func withRecords<T: Sendable>(_ target: Target,
                                                _ body: (any DurableRecords) async throws -> T) async throws -> T {
        switch target {
        case .dataDirectory(let directory):
            return try await body(try Storage(directory: directory))
        case .distributed(let settings):
            let pool = PostgresPool.postgres(settings.postgres)
            do {
                try await PostgresMigrator.migrate(pool)
                let result = try await body(DistributedBackend.records(pool: pool))
                await pool.shutdown()
                return result
            } catch {
                await pool.shutdown()
                throw error
            }
        }
    }

    public static func createAdmin(dataDirectory: URL, email: String, password: String,
                                   name: String, now: Date) async throws -> String {
        try await createAdmin(.dataDirectory(dataDirectory), email: email, password: password, name: name, now: now)
    }

    public static func createAdmin(_ target: Target, email rawEmail: String, password: String,
                                   name: String, now: Date) async throws -> String {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        guard AccountRoutes.looksLikeEmail(email) else { throw SettingsError("email must look like name@example.com") }
        guard password.count >= 8 else { throw SettingsError("password must be at least 8 characters") }
        let user = UserRecord(id: IDs.make("usr"), email: email, name: name, role: .admin,
                              passwordHash: await PasswordHasher().hash(password), createdAt: now)
        return try await withRecords(target) { records in
            do {
                try await records.createUser(user)
            } catch StorageError.duplicate {
                throw SettingsError("an account with email \(email) already exists")
            }
            return user.id
        }
    }
}

extension AdminTasks {
    /// `qticketd settle`: closes every settlement period that ended by `until` (RFC 3339), the
    /// same named transaction the server's schedule and the admin endpoint run. Safe while the
    /// server runs: the database serialises it with the server's writes.
    public static func settle(dataDirectory: URL, until text: String, now: Date) async throws
        -> (closed: [StatementRecord], closedUntil: Date?) {
        try await settle(.dataDirectory(dataDirectory), until: text, now: now)
    }

    public static func settle(_ target: Target, until text: String, now: Date) async throws
        -> (closed: [StatementRecord], closedUntil: Date?) {
        guard let until = RFC3339.parse(text) else {
            throw SettingsError("--until must be an RFC 3339 time such as 2026-12-25T00:00:00Z, got '\(text)'")
        }
        return try await withRecords(target) { records in
            let closed = try await records.closeSettlements(until: until, now: now)
            return (closed, try await records.settlementState().closedUntil)
        }
    }
}
