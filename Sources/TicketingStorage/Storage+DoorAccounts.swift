import Foundation
import GRDB

/// Door accounts: logins a seller makes for the people scanning tickets at its performances.
extension Storage {
    /// The account and its link to the seller commit together; a taken email is `.duplicate`.
    public func createDoorAccount(_ user: UserRecord, sellerId: String) async throws {
        try await write { db in
            do {
                try user.insert(db)
            } catch let error as DatabaseError where error.isUniqueViolation {
                throw StorageError.duplicate("email")
            }
            try db.execute(sql: "INSERT INTO doorAccount (userId, sellerId, createdAt) VALUES (?, ?, ?)",
                           arguments: [user.id, sellerId, user.createdAt])
        }
    }

    /// The seller a door account scans for (nil for any other account).
    public func doorSeller(userId: String) async throws -> String? {
        try readNow { db in
            try String.fetchOne(db, sql: "SELECT sellerId FROM doorAccount WHERE userId = ?", arguments: [userId])
        }
    }

    public func doorAccounts(sellerId: String) async throws -> [UserRecord] {
        try await pool.read { db in
            try UserRecord.fetchAll(db, sql: """
                SELECT user.* FROM user JOIN doorAccount d ON d.userId = user.id WHERE d.sellerId = ?
                ORDER BY d.createdAt, user.id
                """, arguments: [sellerId])
        }
    }
}
