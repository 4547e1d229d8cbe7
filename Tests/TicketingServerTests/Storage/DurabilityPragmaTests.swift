import Foundation
import GRDB
import Testing
@testable import TicketingStorage

@Suite("Storage durability settings")
struct DurabilityPragmaTests {
    /// `synchronous = FULL` (2) on the connection that commits: a charged order survives a
    /// power cut, not only a killed process. NORMAL (1) would fail this.
    @Test func theWriterCommitsWithFullSync() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-pragma-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try Storage(directory: directory)
        let synchronous = try await storage.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)
        let journal = try await storage.pool.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }
}
