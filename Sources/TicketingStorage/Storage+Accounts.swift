import Foundation
import GRDB
import TicketingDomain

extension Storage {
    /// Throws `StorageError.duplicate("email")` when the address (case-insensitively) is taken.
    public func createUser(_ user: UserRecord) async throws {
        do {
            try await write { db in try user.insert(db) }
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw StorageError.duplicate("email")
        }
    }

    /// Many accounts in one transaction: thousands of single-row writes would dominate a seeding.
    public func createUsers(_ users: [UserRecord]) async throws {
        do {
            try await write { db in for user in users { try user.insert(db) } }
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw StorageError.duplicate("email")
        }
    }

    public func user(email: String) async throws -> UserRecord? {
        try readNow { db in
            try UserRecord.filter(Column("email").collating(.nocase) == email).fetchOne(db)
        }
    }

    public func user(id: String) async throws -> UserRecord? {
        try readNow { db in try UserRecord.fetchOne(db, key: id) }
    }

    public func userCount() async throws -> Int {
        try await pool.read { db in try UserRecord.fetchCount(db) }
    }
}
