import Foundation
import GRDB
import Synchronization
import Testing
@testable import TicketingStorage

@Suite("Storage durability settings")
struct DurabilityPragmaTests {
    private func fresh() throws -> (Storage, URL) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-pragma-\(UUID().uuidString)", isDirectory: true)
        return (try Storage(directory: directory), directory)
    }

    /// Money commits run with `synchronous = FULL` (2) on the writer, which goes back to NORMAL
    /// (1) for everything else. Before, the writer was always NORMAL (GRDB sets it with WAL).
    @Test func durableWritesRunWithFullSyncOnTheWriter() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        let level = "PRAGMA synchronous"
        #expect(try await storage.pool.write { db in try Int.fetchOne(db, sql: level) } == 1)
        #expect(try await storage.writeDurably { db in try Int.fetchOne(db, sql: level) } == 2)
        #expect(try await storage.pool.write { db in try Int.fetchOne(db, sql: level) } == 1)
        // A failing durable write still leaves the writer as it found it.
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await storage.writeDurably { _ in throw Boom() } }
        #expect(try await storage.pool.write { db in try Int.fetchOne(db, sql: level) } == 1)
        #expect(try await storage.pool.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    /// Savepoint sub-journals and temp tables stay in memory on every connection: on disk, the
    /// durable commits' per-caller savepoints made most of a rush's `pwrite` calls.
    @Test func tempStoreIsMemoryOnEveryConnection() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = "PRAGMA temp_store"
        #expect(try await storage.pool.write { db in try Int.fetchOne(db, sql: store) } == 2)
        #expect(try await storage.pool.read { db in try Int.fetchOne(db, sql: store) } == 2)
        #expect(try storage.readNow { db in try Int.fetchOne(db, sql: store) } == 2)
    }

    /// Orders, payments, refunds and ledger postings commit through `writeDurably`: the writer
    /// switches to FULL before each of them begins.
    @Test func moneyTransactionsCommitWithFullSync() async throws {
        let (storage, directory) = try fresh()
        defer { try? FileManager.default.removeItem(at: directory) }
        let statements = try await StatementLog.tracing(storage)
        let now = Date()
        let steps: [(String, () async throws -> Void)] = [
            ("startPayment", { _ = try await storage.startPayment(orderId: "ord_x", paymentKey: "pk", at: now) }),
            ("markPaymentUnknown", { try await storage.markPaymentUnknown(orderId: "ord_x", at: now) }),
            ("confirmPayment", { _ = try await storage.confirmPayment(orderId: "ord_x", at: now) }),
            ("failPayment", { _ = try await storage.failPayment(orderId: "ord_x", code: "c", at: now) }),
            ("startRefund", { _ = try await storage.startRefund(orderId: "ord_x", at: now) }),
            ("completeRefund", { _ = try await storage.completeRefund(orderId: "ord_x", at: now) }),
            ("processOnce", { _ = try await storage.processOnce(consumer: "c", eventId: "e", at: now) { _ in } }),
        ]
        for (name, step) in steps {
            statements.clear()
            try? await step()  // an unknown order fails or changes nothing; the transaction still ran
            let seen = statements.lines
            let full = seen.firstIndex { $0.contains("synchronous = FULL") }
            let begin = seen.firstIndex { $0.hasPrefix("BEGIN") }
            #expect(full != nil && begin != nil && full! < begin!, "\(name): \(seen)")
            #expect(seen.last?.contains("synchronous = NORMAL") == true, "\(name): \(seen)")
        }
    }
}

/// The writer's statements, as its trace hook reports them.
final class StatementLog: Sendable {
    private let recorded = Mutex<[String]>([])
    var lines: [String] { recorded.withLock { $0 } }
    func append(_ line: String) { recorded.withLock { $0.append(line) } }
    func clear() { recorded.withLock { $0.removeAll() } }

    /// A log the writer of `storage` reports its statements to from now on.
    static func tracing(_ storage: Storage) async throws -> StatementLog {
        let log = StatementLog()
        try await storage.pool.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in log.append("\(event)") }
        }
        return log
    }
}
