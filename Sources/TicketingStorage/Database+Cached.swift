import GRDB

/// Statements through the connection's cache: each SQL text is compiled once per connection and
/// reused. Compiling on every call (SQLite's parser and GRDB's authorizer, which walks every
/// column a statement reads) cost more than running the order path's statements (BENCHMARKS.md).
/// Same shapes as GRDB's `execute(sql:)` / `fetchOne(_:sql:)`, so a call site reads the same.
extension Database {
    func run(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func row(sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func rows(sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: sql), arguments: arguments)
    }

    func value<T: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: T.Type, sql: String, arguments: StatementArguments = StatementArguments()) throws -> T? {
        try T.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func values<T: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: T.Type, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [T] {
        try T.fetchAll(cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Storage {
    /// `(?, ?, ?), (?, ?, ?)` for a multi-row `INSERT … VALUES`: `count` rows of `columns` marks.
    /// Each count is a text of its own, so the cache holds one statement per count seen (an
    /// order's seats and a ledger transaction's entries are a handful).
    static func rowMarks(_ columns: Int, count: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: row, count: count).joined(separator: ", ")
    }
}
