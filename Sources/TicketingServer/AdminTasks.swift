import Foundation
import TicketingDomain
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
