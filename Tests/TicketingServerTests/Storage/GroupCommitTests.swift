import Foundation
import GRDB
import Synchronization
import Testing
@testable import TicketingStorage

/// Writes that wait for the writer together share one commit, fsynced when one of them is a money
/// write, and each stays atomic on its own.
@Suite("Storage group commit", .serialized)
struct GroupCommitTests {
    private func fresh(pacing: CommitPacing = CommitPacing(gather: .zero),
                       drainExecutor: @escaping @Sendable () -> (any TaskExecutor)? = { nil }) throws -> (Storage, URL) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-group-\(UUID().uuidString)", isDirectory: true)
        let storage = try Storage(directory: directory, pacing: pacing, drainExecutor: drainExecutor)
        try storage.pool.write { db in try db.execute(sql: "CREATE TABLE probe (id INTEGER PRIMARY KEY, note TEXT)") }
        return (storage, directory)
    }

    /// Holds the writer inside a first durable write until `release()`, so the writes started
    /// meanwhile are all waiting when it commits.
    private final class WriterGate: Sendable {
        private let entered = Atomic<Bool>(false)
        private let gate = DispatchSemaphore(value: 0)
        var isHeld: Bool { entered.load(ordering: .acquiring) }
        func hold() { entered.store(true, ordering: .releasing); gate.wait() }
        func release() { gate.signal() }
    }

    /// A first durable write holding the writer, and its gate: what is written meanwhile waits.
    private func heldWriter(_ storage: Storage) async -> (WriterGate, Task<Void, any Error>) {
        let gate = WriterGate()
        let first = Task { try await storage.writeDurably { _ in gate.hold() } }
        #expect(await waitUntil { gate.isHeld })
        return (gate, first)
    }

    private func probeRows(_ storage: Storage) async throws -> [String] {
        try await storage.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, note FROM probe ORDER BY id").map { "\($0["id"] as Int):\($0["note"] as String)" }
        }
    }

    /// Waits for `condition`, up to 30 s: a build without group commit fails here, not hangs.
    /// Polls with a short sleep, not `Task.yield()`: beside the parallel suites a yielding loop
    /// keeps one of the two cooperative threads busy and starves the writes it waits for.
    @discardableResult
    private func waitUntil(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// 40 writes arriving while the writer is busy: one `COMMIT` for all 40 (before group commit,
    /// 40), every write durable under FULL and answered with its own result.
    @Test func writesWaitingTogetherShareOneCommit() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        let statements = try await StatementLog.tracing(storage)
        let gate = WriterGate()
        let first = Task {
            try await storage.writeDurably { db in
                gate.hold()
                try db.execute(sql: "INSERT INTO probe VALUES (0, 'first')")
            }
        }
        #expect(await waitUntil { gate.isHeld })
        statements.clear()
        let answers = Task {
            try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for id in 1...40 {
                    group.addTask {
                        try await storage.writeDurably { db in
                            try db.execute(sql: "INSERT INTO probe VALUES (?, 'later')", arguments: [id])
                            return (id, try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0)
                        }
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        #expect(await waitUntil { await storage.commits.waitingCount == 40 })
        gate.release()
        try await first.value
        let levels = try await answers.value
        #expect(levels.count == 40 && levels.values.allSatisfy { $0 == 2 })
        let lines = statements.lines
        #expect(lines.filter { $0.hasPrefix("COMMIT") }.count == 2, "\(lines.filter { !$0.hasPrefix("INSERT") })")
        #expect(try await storage.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM probe") } == 41)
    }

    /// Plain writes waiting beside money writes go in the same commit and are fsynced with them;
    /// a batch of plain writes alone commits at NORMAL.
    @Test func plainWritesShareTheCommitAndItsSyncOnlyWithMoneyWrites() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        let statements = try await StatementLog.tracing(storage)
        @Sendable func level(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0 }
        var (gate, first) = await heldWriter(storage)
        statements.clear()
        let mixed = Task {
            try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for id in 1...20 {
                    group.addTask {
                        let insert = { @Sendable (db: Database) throws -> (Int, Int) in
                            try db.execute(sql: "INSERT INTO probe VALUES (?, 'mixed')", arguments: [id])
                            return (id, try level(db))
                        }
                        return id.isMultiple(of: 4) ? try await storage.writeDurably(insert) : try await storage.write(insert)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        #expect(await waitUntil { await storage.commits.waitingCount == 20 })
        gate.release()
        try await first.value
        let mixedLevels = try await mixed.value
        #expect(mixedLevels.count == 20 && mixedLevels.values.allSatisfy { $0 == 2 }, "\(mixedLevels)")
        #expect(statements.lines.filter { $0.hasPrefix("COMMIT") }.count == 2)

        (gate, first) = await heldWriter(storage)
        statements.clear()
        let plain = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for id in 21...30 {
                    group.addTask {
                        try await storage.write { db in
                            try db.execute(sql: "INSERT INTO probe VALUES (?, 'plain')", arguments: [id])
                            return try level(db)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(await waitUntil { await storage.commits.waitingCount == 10 })
        gate.release()
        try await first.value
        #expect(try await plain.value == Array(repeating: 1, count: 10))
        #expect(statements.lines.filter { $0.hasPrefix("COMMIT") }.count == 2)
        #expect(try await storage.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM probe") } == 30)
    }

    /// Once writes come often, a batch waits `gather` for more before it commits: writes started
    /// during that wait share its commit. (Busy here from one write a second, so that a slow
    /// machine's rate cannot decide the test; `CommitPacingTests` holds the rate rule.)
    @Test func aBusyWriterWaitsForCompanyBeforeItCommits() async throws {
        let (storage, directory) = try fresh(pacing: CommitPacing(gather: .seconds(1), busyWritesPerSecond: 1))
        defer { try? FileManager.default.removeItem(at: directory) }
        for id in 1...3 { try await storage.write { db in try db.execute(sql: "INSERT INTO probe VALUES (?, 'busy')", arguments: [id]) } }
        // The period began when the drain came to the first of them, so it is over a period from now.
        try await Task.sleep(for: CommitPacing.period)
        let statements = try await StatementLog.tracing(storage)
        statements.clear()
        let first = Task { try await storage.write { db in try db.execute(sql: "INSERT INTO probe VALUES (1000, 'first')") } }
        // The drain judged the busy period when it came to the first write, and waits now.
        #expect(await waitUntil { await storage.commits.isGathering })
        var later: [Task<Void, any Error>] = []
        for id in 1001...1003 {
            later.append(Task { try await storage.write { db in try db.execute(sql: "INSERT INTO probe VALUES (?, 'later')", arguments: [id]) } })
        }
        try await first.value
        for task in later { try await task.value }
        let commits = statements.lines.filter { $0.hasPrefix("COMMIT") }.count
        #expect(commits == 1, "\(statements.lines)")
    }

    /// A write that throws inside a shared commit is rolled back alone; the others commit.
    @Test func aFailingWriteIsRolledBackAloneInItsBatch() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        struct Boom: Error {}
        let (gate, first) = await heldWriter(storage)
        let before = Task { try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (1, 'a')") } }
        #expect(await waitUntil { await storage.commits.waitingCount == 1 })
        let failing = Task {
            try await storage.writeDurably { db in
                try db.execute(sql: "INSERT INTO probe VALUES (2, 'rolled back')")
                throw Boom()
            }
        }
        #expect(await waitUntil { await storage.commits.waitingCount == 2 })
        // A constraint error (the primary key of write 1) is a business answer too.
        let duplicate = Task { try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (1, 'dup')") } }
        #expect(await waitUntil { await storage.commits.waitingCount == 3 })
        let after = Task { try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (3, 'c')") } }
        #expect(await waitUntil { await storage.commits.waitingCount == 4 })
        gate.release()
        try await first.value
        try await before.value
        await #expect(throws: Boom.self) { try await failing.value }
        await #expect(throws: DatabaseError.self) { try await duplicate.value }
        try await after.value
        let rows = try await probeRows(storage)
        #expect(rows == ["1:a", "3:c"])
    }

    /// The batch's savepoints are our own cached statements: GRDB's own savepoints inside a job
    /// still nest, roll back and release under them.
    @Test func aJobsOwnSavepointsNestInsideItsBatchSavepoint() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        struct Boom: Error {}
        let (gate, first) = await heldWriter(storage)
        let nested = Task {
            try await storage.writeDurably { db in
                try db.inSavepoint {
                    try db.execute(sql: "INSERT INTO probe VALUES (1, 'undone')")
                    return .rollback
                }
                try db.inSavepoint {
                    try db.execute(sql: "INSERT INTO probe VALUES (2, 'kept')")
                    return .commit
                }
            }
        }
        #expect(await waitUntil { await storage.commits.waitingCount == 1 })
        let failing = Task {
            try await storage.writeDurably { db in
                try db.inSavepoint {
                    try db.execute(sql: "INSERT INTO probe VALUES (3, 'inner kept, outer failed')")
                    return .commit
                }
                throw Boom()
            }
        }
        #expect(await waitUntil { await storage.commits.waitingCount == 2 })
        gate.release()
        try await first.value
        try await nested.value
        await #expect(throws: Boom.self) { try await failing.value }
        let rows = try await probeRows(storage)
        #expect(rows == ["2:kept"])
        // Nothing is left open on the writer: the next durable write commits on its own.
        try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (4, 'd')") }
        let count = try await storage.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM probe") }
        #expect(count == 2)
    }

    /// Counts the jobs it runs (on a queue of its own).
    private final class CountingExecutor: TaskExecutor {
        let jobs = Atomic<Int>(0)
        private let queue = DispatchQueue(label: "group-commit-test-executor")
        func enqueue(_ job: consuming ExecutorJob) {
            jobs.add(1, ordering: .relaxed)
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    private enum Committer {
        @TaskLocal static var executor: CountingExecutor?
    }

    /// The drain runs where the committing task says (the server: its connection's loop), asked
    /// in that task: a commit made without the task-local set leaves the executor untouched.
    @Test func theDrainRunsOnTheExecutorTheCommittingTaskNames() async throws {
        let (storage, directory) = try fresh(drainExecutor: { Committer.executor })
        defer { try? FileManager.default.removeItem(at: directory) }
        let executor = CountingExecutor()
        try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (1, 'pool')") }
        #expect(executor.jobs.load(ordering: .relaxed) == 0)
        try await Committer.$executor.withValue(executor) {
            try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (2, 'named')") }
        }
        #expect(executor.jobs.load(ordering: .relaxed) >= 1)
        let rows = try await probeRows(storage)
        #expect(rows == ["1:pool", "2:named"])
    }
}
