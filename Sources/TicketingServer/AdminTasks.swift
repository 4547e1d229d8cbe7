import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// Offline administration run by `qticketd` subcommands directly against the data directory.
public enum AdminTasks {
    public static func createAdmin(dataDirectory: URL, email rawEmail: String, password: String,
                                   name: String, now: Date) async throws -> String {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        guard AccountRoutes.looksLikeEmail(email) else { throw SettingsError("email must look like name@example.com") }
        guard password.count >= 8 else { throw SettingsError("password must be at least 8 characters") }
        let storage = try Storage(directory: dataDirectory)
        let user = UserRecord(id: IDs.make("usr"), email: email, name: name, role: .admin,
                              passwordHash: await PasswordHasher().hash(password), createdAt: now)
        do {
            try await storage.createUser(user)
        } catch StorageError.duplicate {
            throw SettingsError("an account with email \(email) already exists")
        }
        return user.id
    }
}

extension AdminTasks {
    /// `qticketd settle`: closes every settlement period that ended by `until` (RFC 3339), the
    /// same named transaction the server's schedule and the admin endpoint run. Safe while the
    /// server runs: SQLite serialises it with the server's writes.
    public static func settle(dataDirectory: URL, until text: String, now: Date) async throws
        -> (closed: [StatementRecord], closedUntil: Date?) {
        guard let until = RFC3339.parse(text) else {
            throw SettingsError("--until must be an RFC 3339 time such as 2026-12-25T00:00:00Z, got '\(text)'")
        }
        let storage = try Storage(directory: dataDirectory)
        let closed = try await storage.closeSettlements(until: until, now: now)
        return (closed, try await storage.settlementState().closedUntil)
    }
}
