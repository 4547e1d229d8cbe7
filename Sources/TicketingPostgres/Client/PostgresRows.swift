/// A result set, copied out of the `PGresult` (text format) so it can leave the connection's thread.
public struct PostgresRows: Sendable {
    public let columns: [String]
    public let rows: [PostgresRow]
    /// Rows inserted, updated or deleted (`PQcmdTuples`), 0 for other statements.
    public let affected: Int

    public var first: PostgresRow? { rows.first }
}

public struct PostgresRow: Sendable {
    let columnIndex: [String: Int]
    let values: [String?]

    /// The column's value; throws when it is NULL or absent. Use `optional` for nullable columns.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(column, as: type) else {
            throw PostgresError.decoding("column \(column) is NULL")
        }
        return value
    }

    public func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard let index = columnIndex[column] else { throw PostgresError.decoding("no column \(column)") }
        return try values[index].map { try T(postgresText: $0) }
    }
}
