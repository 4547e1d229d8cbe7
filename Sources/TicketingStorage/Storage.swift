import Foundation
import GRDB

/// The one door to the database: every write is a named transaction on this facade,
/// so a reader finds each atomic business step by name instead of scattered SQL.
public final class Storage: Sendable {
    let pool: DatabasePool
    /// Where `readNow` reads.
    let pointReaders: PointReaders
    /// Where every write queues for a shared commit.
    let commits: GroupCommits
    /// Told how long each write transaction took, or that it failed (the server's metrics).
    let observer: (any StorageObserver)?

    /// Opens (creating if needed) `<directory>/queueticket.sqlite` in WAL mode and migrates it.
    /// `drainExecutor` is asked, in the task that commits, which executor the group commit that
    /// task starts should run on (the server answers its connection's loop); nil is the global pool.
    /// `pacing`: when a group commit waits for more writes (by default it never does).
    public init(directory: URL, observer: (any StorageObserver)? = nil, pacing: CommitPacing = CommitPacing(gather: .zero),
                drainExecutor: @escaping @Sendable () -> (any TaskExecutor)? = { nil }) throws {
        self.observer = observer
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = Configuration()
        // NORMAL + WAL keeps every commit through a killed process (SIGKILL); a power cut or a
        // kernel crash can roll back the last ones. Money commits (orders, payments, refunds,
        // ledger postings) go through `writeDurably`, which fsyncs them (FULL); the rest — joins
        // and holds, idempotency records, outbox marks — asks only for NORMAL: a lost one is an
        // answer a client retries. Both share group commits (`GroupCommits`), and a plain write
        // in a batch with a money commit is fsynced with it. The fsyncs cost the rush throughput
        // (measured in BENCHMARKS.md, "synchronous = FULL").
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Each group commit runs its callers in savepoints (`GroupCommits`), and a
            // savepoint keeps the original of every page it changes in a sub-journal, a temp file
            // past 64 KiB: four in five of a rush's `pwrite` calls went there, not to the WAL
            // (BENCHMARKS.md, "fifth session"). In memory it is a copy, not a system call.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        config.busyMode = .timeout(10)
        let path = directory.appendingPathComponent("queueticket.sqlite").path
        pool = try DatabasePool(path: path, configuration: config)
        commits = GroupCommits(pool: pool, pacing: pacing, drainExecutor: drainExecutor)
        try Migrations.migrator.migrate(pool)
        pointReaders = try PointReaders(path: path, configuration: config, count: Self.pointReaderCount)
    }

    /// Point-read connections: more than the server's loops (one per core), so a loop seldom
    /// waits for another thread's read.
    static let pointReaderCount = 4

    /// A write that survives a power cut: committed with `synchronous = FULL`, together with the
    /// other writes waiting at that moment (one fsync for all of them, see `GroupCommits`).
    /// Returns once its commit is on disk. Atomic on its own: if `updates` throws, only it is
    /// rolled back.
    func writeDurably<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await observed(durable: true) { try await self.commits.commit(durable: true, updates) }
    }

    /// A write at the default durability (see `writeDurably` for the money commits), committed
    /// with the other writes waiting at that moment; atomic on its own as well.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await observed(durable: false) { try await self.commits.commit(durable: false, updates) }
    }

    /// A point read (a row by its key, or one user's few rows) run on the calling thread, as one
    /// `SELECT`. An `await pool.read` queues on GRDB's reader-pool queue, then on the reader's own
    /// queue, then resumes the caller: two or three thread wake-ups for a read that takes
    /// microseconds, and the order path made five of them per buyer (BENCHMARKS.md, "fifth
    /// session"); blocking the caller's thread for the read is cheaper. No `BEGIN`/`COMMIT` around
    /// it: a single statement reads one snapshot by itself, so `value` must run just one. Scans,
    /// aggregates and multi-statement reads keep `await pool.read`. Never called inside a write
    /// (write closures are synchronous, the callers of this are not), so it never has to see a
    /// write's uncommitted rows, and it reads on connections of its own (`PointReaders`).
    func readNow<T>(_ value: (Database) throws -> T) throws -> T {
        try pointReaders.read(value)
    }

    /// Times a write from the request (waiting for the single writer included: that wait is what
    /// a caller feels) to its commit.
    private func observed<T: Sendable>(durable: Bool, _ body: () async throws -> T) async throws -> T {
        guard let observer else { return try await body() }
        let started = ContinuousClock.now
        do {
            let result = try await body()
            observer.storageCommitted(durable: durable, after: ContinuousClock.now - started)
            return result
        } catch {
            // Business answers thrown from inside a transaction (not found, a duplicate) are not
            // storage failures; an I/O error, a busy timeout or a full disk are.
            if let failure = error as? DatabaseError, failure.resultCode != .SQLITE_CONSTRAINT { observer.storageFailed() }
            throw error
        }
    }

    /// Names of the applied migrations, oldest first (used by tests and `qticketd --version`).
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }
}

extension DatabaseError {
    var isUniqueViolation: Bool {
        extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }
}
