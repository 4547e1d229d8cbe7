import GRDB

/// Group commit for every write. SQLite has one writer, so concurrent writes used to queue for it
/// and pay a transaction each (and the money commits an fsync each); here the writes that arrive
/// while one batch commits wait together and go in the next transaction. While writes come often
/// the next batch also waits a moment for more (`CommitPacing`). A batch holding a durable write
/// commits under `synchronous = FULL` (the WAL is fsynced before `COMMIT` returns), the other
/// writes in it with it; a batch of plain writes commits at the default NORMAL.
/// Each caller's closure still runs in its own savepoint, so one that throws is rolled back
/// alone and the others commit; the caller returns only after the shared `COMMIT`.
actor GroupCommits {
    private struct Job: Sendable {
        let durable: Bool
        let updates: @Sendable (Database) throws -> any Sendable
        let done: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private let maxBatch: Int
    /// The executor a commit's drain should prefer, asked in the committing task (`Storage.init`).
    private let drainExecutor: @Sendable () -> (any TaskExecutor)?
    private var pacing: CommitPacing
    private var waiting: [Job] = []
    private var draining = false

    init(pool: DatabasePool, maxBatch: Int = 128, pacing: CommitPacing,
         drainExecutor: @escaping @Sendable () -> (any TaskExecutor)? = { nil }) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.pacing = pacing
        self.drainExecutor = drainExecutor
    }

    /// Writes waiting for the writer (tests wait on it instead of sleeping).
    var waitingCount: Int { waiting.count }

    /// Whether the next batches wait for company (tests).
    var isGathering: Bool { pacing.gathering }

    func commit<T: Sendable>(durable: Bool, _ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(durable: durable, updates: { try updates($0) }, done: continuation))
            if !draining {
                draining = true
                Task(executorPreference: drainExecutor()) { await self.drain() }
            }
        }
        guard let result = value as? T else { throw StorageError.corrupt("a write answered another type") }
        return result
    }

    /// Takes whatever waits, commits it, and again until nothing waits. While one batch commits
    /// (or the drain waits for company), the actor is free, so the next batch gathers.
    private func drain() async {
        while !waiting.isEmpty {
            let pause = pacing.pause(at: .now)
            if pause > .zero { try? await Task.sleep(for: pause) }
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            pacing.took(batch.count, gathered: pause > .zero)
            let updates = batch.map(\.updates)
            let fullSync = batch.contains(where: \.durable)
            let outcomes: [Result<any Sendable, any Error>]
            do {
                outcomes = try await pool.writeWithoutTransaction { db in
                    try fullSync ? Self.commitFullySynced(updates, db) : Self.commitAll(updates, db)
                }
            } catch {
                outcomes = Array(repeating: .failure(error), count: batch.count)
            }
            for (job, outcome) in zip(batch, outcomes) { job.done.resume(with: outcome) }
        }
        draining = false
    }

    /// The batch under `synchronous = FULL`, then back to NORMAL. SQLite refuses to change the
    /// level inside a transaction, hence the pragma around it; the writer runs one closure at a
    /// time, so no other write sees FULL.
    private static func commitFullySynced(_ jobs: [@Sendable (Database) throws -> any Sendable],
                                          _ db: Database) throws -> [Result<any Sendable, any Error>] {
        try db.run(sql: "PRAGMA synchronous = FULL")
        defer { try? db.run(sql: "PRAGMA synchronous = NORMAL") }
        return try commitAll(jobs, db)
    }

    /// One transaction, each job in its own savepoint.
    private static func commitAll(_ jobs: [@Sendable (Database) throws -> any Sendable],
                                  _ db: Database) throws -> [Result<any Sendable, any Error>] {
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
                guard let value else { throw StorageError.corrupt("a write committed without a result") }
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
        try db.run(sql: "SAVEPOINT groupJob")
        do {
            try work()
        } catch {
            // Undo the job's changes and drop the savepoint; when SQLite has already rolled the
            // whole transaction back these fail too, and the caller sees that transaction gone.
            try? db.run(sql: "ROLLBACK TRANSACTION TO SAVEPOINT groupJob")
            try? db.run(sql: "RELEASE SAVEPOINT groupJob")
            throw error
        }
        try db.run(sql: "RELEASE SAVEPOINT groupJob")
    }
}
