import Foundation
import TicketingDomain
import TicketingRecords

extension PostgresRecords: VenueRecords {
    public func createVenue(_ venue: VenueRecord) async throws {
        try await pool.query("""
            INSERT INTO venue (id, owner_id, name, layout, seat_count, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6::timestamptz)
            """, [venue.id, venue.ownerId, venue.name, try PostgresJSON(venue.layout), venue.seatCount, venue.createdAt])
    }

    public func venue(id: String) async throws -> VenueRecord? {
        try await pool.query("SELECT * FROM venue WHERE id = $1", [id]).first.map(Self.venue(from:))
    }

    /// Oldest first; ids compare bytewise (`COLLATE "C"`) as SQLite compares text.
    public func venues(ownerId: String?) async throws -> [VenueRecord] {
        let rows = if let ownerId {
            try await pool.query("SELECT * FROM venue WHERE owner_id = $1 ORDER BY created_at, id COLLATE \"C\"", [ownerId])
        } else {
            try await pool.query("SELECT * FROM venue ORDER BY created_at, id COLLATE \"C\"")
        }
        return try rows.rows.map(Self.venue(from:))
    }

    static func venue(from row: PostgresRow) throws -> VenueRecord {
        VenueRecord(id: try row.decode("id"), ownerId: try row.decode("owner_id"), name: try row.decode("name"),
                    layout: try PostgresJSON.decode(VenueLayout.self, row, "layout"), createdAt: try row.decode("created_at"))
    }
}
