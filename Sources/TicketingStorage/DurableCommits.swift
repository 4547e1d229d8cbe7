import GRDB

/// Group commit for the durable (fsynced) writes. SQLite has one writer, so concurrent money
/// commits used to queue for it and pay one fsync each; here the commits that arrive while one
/// is being synced wait together and go in the next transaction, one fsync for all of them.
/// Each caller's closure still runs in its own savepoint, so one that throws is rolled back
/// alone and the others commit; the caller returns only after the shared `COMMIT` (durable).
actor DurableCommits {
    private struct Job: Sendable {
        let updates: @Sendable (Database) throws -> any Sendable
        let done: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private let maxBatch: Int
    /// The executor a commit's drain should prefer, asked in the committing task (`Storage.init`).
    private let drainExecutor: @Sendable () -> (any TaskExecutor)?
    private var waiting: [Job] = []
    private var draining = false

    init(pool: DatabasePool, maxBatch: Int = 128, drainExecutor: @escaping @Sendable () -> (any TaskExecutor)? = { nil }) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.drainExecutor = drainExecutor
    }

    /// Commits waiting for the writer (tests wait on it instead of sleeping).
    var waitingCount: Int { waiting.count }

    func commit<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(updates: { try updates($0) }, done: continuation))
            if !draining {
                draining = true
                Task(executorPreference: drainExecutor()) { await self.drain() }
            }
        }
        guard let result = value as? T else { throw StorageError.corrupt("a durable write answered another type") }
        return result
    }

    /// Takes whatever waits, commits it, and again until nothing waits. While one batch syncs,
    /// the actor is free, so the next batch gathers.
    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            let updates = batch.map(\.updates)
            let outcomes: [Result<any Sendable, any Error>]
            do {
                outcomes = try await pool.writeWithoutTransaction { db in try Self.commitFullySynced(updates, db) }
            } catch {
                outcomes = Array(repeating: .failure(error), count: batch.count)
            }
            for (job, outcome) in zip(batch, outcomes) { job.done.resume(with: outcome) }
        }
        draining = false
    }

    /// One transaction under `synchronous = FULL` (the WAL is fsynced before `COMMIT` returns),
    /// then back to NORMAL. SQLite refuses to change the level inside a transaction, hence the
    /// pragma around it; the writer runs one closure at a time, so no other write sees FULL.
    private static func commitFullySynced(_ jobs: [@Sendable (Database) throws -> any Sendable],
                                          _ db: Database) throws -> [Result<any Sendable, any Error>] {
        try db.run(sql: "PRAGMA synchronous = FULL")
        defer { try? db.run(sql: "PRAGMA synchronous = NORMAL") }
        var outcomes: [Result<any Sendable, any Error>] = []
        try db.inTransaction {
            for job in jobs {
                var value: (any Sendable)?
                do {
                    try inSavepoint(db) { value = try job(db) }
                } catch {
                    // An error SQLite answers by rolling back the whole transaction (I/O, a full
                    // disk) took the batch's earlier savepoints with it: fail every commit.
                    guard db.isInsideTransaction else { throw error }
                    outcomes.append(.failure(error))
                    continue
                }
                guard let value else { throw StorageError.corrupt("a durable write committed without a result") }
                outcomes.append(.success(value))
            }
            return .commit
        }
        return outcomes
    }

    /// GRDB's `inSavepoint` with its statements from the connection's cache: GRDB compiles
    /// `SAVEPOINT` and `RELEASE` afresh on every call, four of every five statement compilations
    /// in a rush (BENCHMARKS.md). GRDB follows savepoints by each executed statement's effect,
    /// which a cached statement keeps, so its bookkeeping sees the same statements as before.
    /// Only ever inside the batch's transaction, where a savepoint opens no transaction of its own.
    private static func inSavepoint(_ db: Database, _ work: () throws -> Void) throws {
        try db.run(sql: "SAVEPOINT durableJob")
        do {
            try work()
        } catch {
            // Undo the job's changes and drop the savepoint; when SQLite has already rolled the
            // whole transaction back these fail too, and the caller sees that transaction gone.
            try? db.run(sql: "ROLLBACK TRANSACTION TO SAVEPOINT durableJob")
            try? db.run(sql: "RELEASE SAVEPOINT durableJob")
            throw error
        }
        try db.run(sql: "RELEASE SAVEPOINT durableJob")
    }
}
