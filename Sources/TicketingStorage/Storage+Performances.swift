import Foundation
import GRDB
import TicketingDomain

extension Storage {
    public func createPerformance(_ performance: PerformanceRecord) async throws {
        let blob = try BlobCoding.encode(performance.spec)
        let spec = performance.spec
        try await write { db in
            try db.execute(sql: """
                INSERT INTO performance (id, venueId, sellerId, title, startsAt, saleOpensAt, specJSON, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [performance.id, spec.venueId, performance.sellerId, spec.title, spec.startsAt,
                                 spec.saleOpensAt, blob, performance.createdAt])
        }
    }

    public func performance(id: String) async throws -> PerformanceRecord? {
        try readNow { db in
            try db.row(sql: "SELECT * FROM performance WHERE id = ?", arguments: [id])
                .map(Self.performance(from:))
        }
    }

    /// All performances, soonest show first.
    public func performances() async throws -> [PerformanceRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM performance ORDER BY startsAt, id").map(Self.performance(from:))
        }
    }

    static func performance(from row: Row) throws -> PerformanceRecord {
        PerformanceRecord(id: row["id"], sellerId: row["sellerId"],
                          spec: try BlobCoding.decode(PerformanceSpec.self, from: row["specJSON"]),
                          createdAt: row["createdAt"])
    }
}
