import Foundation
import GRDB
import Synchronization
import Testing
@testable import TicketingStorage

/// Durable writes that wait for the writer together share one fsynced commit, and each stays
/// atomic on its own.
@Suite("Storage group commit of durable writes", .serialized)
struct GroupCommitTests {
    private func fresh(drainExecutor: @escaping @Sendable () -> (any TaskExecutor)? = { nil }) throws -> (Storage, URL) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-group-\(UUID().uuidString)", isDirectory: true)
        let storage = try Storage(directory: directory, drainExecutor: drainExecutor)
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
        let statements = StatementLog()
        try await storage.pool.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in statements.append("\(event)") }
        }
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
        #expect(await waitUntil { await storage.durable.waitingCount == 40 })
        gate.release()
        try await first.value
        let levels = try await answers.value
        #expect(levels.count == 40 && levels.values.allSatisfy { $0 == 2 })
        let lines = statements.lines
        #expect(lines.filter { $0.hasPrefix("COMMIT") }.count == 2, "\(lines.filter { !$0.hasPrefix("INSERT") })")
        #expect(try await storage.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM probe") } == 41)
    }

    /// A write that throws inside a shared commit is rolled back alone; the others commit.
    @Test func aFailingWriteIsRolledBackAloneInItsBatch() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        struct Boom: Error {}
        let (gate, first) = await heldWriter(storage)
        let before = Task { try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (1, 'a')") } }
        #expect(await waitUntil { await storage.durable.waitingCount == 1 })
        let failing = Task {
            try await storage.writeDurably { db in
                try db.execute(sql: "INSERT INTO probe VALUES (2, 'rolled back')")
                throw Boom()
            }
        }
        #expect(await waitUntil { await storage.durable.waitingCount == 2 })
        // A constraint error (the primary key of write 1) is a business answer too.
        let duplicate = Task { try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (1, 'dup')") } }
        #expect(await waitUntil { await storage.durable.waitingCount == 3 })
        let after = Task { try await storage.writeDurably { db in try db.execute(sql: "INSERT INTO probe VALUES (3, 'c')") } }
        #expect(await waitUntil { await storage.durable.waitingCount == 4 })
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
        #expect(await waitUntil { await storage.durable.waitingCount == 1 })
        let failing = Task {
            try await storage.writeDurably { db in
                try db.inSavepoint {
                    try db.execute(sql: "INSERT INTO probe VALUES (3, 'inner kept, outer failed')")
                    return .commit
                }
                throw Boom()
            }
        }
        #expect(await waitUntil { await storage.durable.waitingCount == 2 })
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
