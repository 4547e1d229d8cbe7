import Foundation
import GRDB

/// The one door to the database: every write is a named transaction on this facade,
/// so a reader finds each atomic business step by name instead of scattered SQL.
public final class Storage: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) `<directory>/queueticket.sqlite` in WAL mode and migrates it.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = Configuration()
        // NORMAL + WAL survives process crashes (SIGKILL) without losing committed transactions;
        // only a power loss can drop the last few, which we accept for throughput (see docs/RELIABILITY.md).
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        let path = directory.appendingPathComponent("queueticket.sqlite").path
        pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator.migrate(pool)
    }

    /// Names of the applied migrations, oldest first (used by tests and `qticketd --version`).
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }
}

public enum StorageError: Error, Equatable, Sendable {
    case duplicate(String)
    case notFound(String)
    /// A stored value no current code can read (e.g. an unknown enum value).
    case corrupt(String)
}

extension DatabaseError {
    var isUniqueViolation: Bool {
        extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }
}
