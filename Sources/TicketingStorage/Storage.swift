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
        // FULL: every commit fsyncs the WAL before it returns, so an order whose card was charged,
        // a refund or a ledger posting survives a power cut or a kernel crash, not only a killed
        // process (NORMAL's promise). Joins and holds are group-committed, so the fsync is paid
        // per batch on the rush path; the measured cost is in BENCHMARKS.md.
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        let path = directory.appendingPathComponent("queueticket.sqlite").path
        pool = try DatabasePool(path: path, configuration: config)
        // GRDB switches the writer to NORMAL when it enables WAL, after `prepareDatabase`; the
        // writer is the one connection that commits, and it lives as long as the pool.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
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
