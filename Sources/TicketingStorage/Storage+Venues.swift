import Foundation
import GRDB
import TicketingDomain

extension Storage {
    public func createVenue(_ venue: VenueRecord) async throws {
        let blob = try BlobCoding.encode(venue.layout)
        try await write { db in
            try db.execute(sql: """
                INSERT INTO venue (id, ownerId, name, layoutJSON, seatCount, createdAt)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [venue.id, venue.ownerId, venue.name, blob, venue.seatCount, venue.createdAt])
        }
    }

    public func venue(id: String) async throws -> VenueRecord? {
        try readNow { db in
            try db.row(sql: "SELECT * FROM venue WHERE id = ?", arguments: [id]).map(Self.venue(from:))
        }
    }

    public func venues(ownerId: String?) async throws -> [VenueRecord] {
        try await pool.read { db in
            let rows: [Row]
            if let ownerId {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM venue WHERE ownerId = ? ORDER BY createdAt, id",
                                        arguments: [ownerId])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM venue ORDER BY createdAt, id")
            }
            return try rows.map(Self.venue(from:))
        }
    }

    static func venue(from row: Row) throws -> VenueRecord {
        VenueRecord(id: row["id"], ownerId: row["ownerId"], name: row["name"],
                    layout: try BlobCoding.decode(VenueLayout.self, from: row["layoutJSON"]),
                    createdAt: row["createdAt"])
    }
}
