import Foundation
import TicketingRecords

// Shared by every record port on PostgreSQL: the transaction shapes, JSON and array columns,
// and the one place a unique violation becomes `StorageError.duplicate`.

extension PostgresRecords {
    /// A named write transaction: all of `body` commits or none of it (READ COMMITTED; the
    /// statements that race lock or compare-and-set the rows they change).
    func write<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) throws -> T) async throws -> T {
        try await pool.transaction(body)
    }

    /// Several reads that must agree with each other (SQLite's `pool.read` snapshot).
    func snapshot<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) throws -> T) async throws -> T {
        try await pool.transaction { connection in
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return try body(connection)
        }
    }

    /// `body`, with a unique violation turned into `StorageError.duplicate(what)` as SQLite's does.
    @discardableResult
    static func mappingDuplicate<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == PostgresError.uniqueViolation {
            throw StorageError.duplicate(what)
        }
    }
}

/// A `jsonb` parameter (send as `$n::jsonb`), encoded like SQLite's JSON blobs (`BlobCoding`) so
/// both backends hold the same documents.
struct PostgresJSON: PostgresEncodable {
    let postgresText: String

    init<T: Encodable>(_ value: T) throws {
        postgresText = String(decoding: try BlobCoding.encode(value), as: UTF8.self)
    }

    /// A `jsonb` column read as text (`column::text`, or the text form libpq returns).
    static func decode<T: Decodable>(_ type: T.Type, _ row: PostgresRow, _ column: String) throws -> T {
        try BlobCoding.decode(type, from: Data(try row.decode(column, as: String.self).utf8))
    }
}

/// A `text[]` parameter (send as `$n::text[]`, use with `= ANY($n::text[])`): every element quoted,
/// so commas, braces and quotes in ids stay inside their element.
struct PostgresTextArray: PostgresEncodable {
    let elements: [String]

    init(_ elements: [String]) { self.elements = elements }

    var postgresText: String {
        let quoted = elements.map { element in
            "\"" + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}

extension Data {
    /// `bytea` parameter (send as `$n::bytea`).
    var postgresBytes: PostgresBytes { PostgresBytes(Array(self)) }
}
