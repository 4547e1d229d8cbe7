import CLibpq
import Foundation
import ConnectionPooling

/// One libpq connection. Its executor is a dedicated thread, so the synchronous libpq calls
/// below block that thread only (see `ThreadExecutor`).
public actor PostgresConnection: PooledConnection {
    private let executor: ThreadExecutor
    private var handle: OpaquePointer?
    public private(set) var isBroken = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(executor: ThreadExecutor) {
        self.executor = executor
    }

    public static func connect(_ configuration: PostgresConfiguration) async throws -> PostgresConnection {
        let connection = PostgresConnection(executor: ThreadExecutor(name: "postgres"))
        try await connection.open(configuration)
        return connection
    }

    // Isolated: libpq frees the connection on the thread that used it.
    isolated deinit {
        if let handle { PQfinish(handle) }
        executor.shutdown()
    }

    private func open(_ configuration: PostgresConfiguration) throws {
        let handle = PQconnectdb(configuration.conninfo)
        self.handle = handle
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            isBroken = true
            throw PostgresError.connection(handle.map(Self.message) ?? "libpq could not allocate a connection")
        }
    }

    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        isBroken = true
    }

    /// One statement with `$1…` parameters sent apart from the SQL (no quoting, no injection).
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresRows {
        assert(executor.isCurrentThread, "libpq may block only on the connection's own thread")
        guard let handle, !isBroken else { throw PostgresError.connection("connection is closed") }
        let texts = parameters.map { $0?.postgresText }
        let result = Self.withCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        return try consume(result, handle)
    }

    /// Several statements at once, no parameters (migrations).
    public func execute(_ sql: String) throws {
        assert(executor.isCurrentThread, "libpq may block only on the connection's own thread")
        guard let handle, !isBroken else { throw PostgresError.connection("connection is closed") }
        _ = try consume(PQexec(handle, sql), handle)
    }

    /// Runs `body` between BEGIN and COMMIT on this connection's thread; any error rolls back.
    public func transaction<T: Sendable>(_ body: (isolated PostgresConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if !isBroken { try? execute("ROLLBACK") }
            throw error
        }
    }

    private func consume(_ result: OpaquePointer?, _ handle: OpaquePointer) throws -> PostgresRows {
        guard let result else {
            isBroken = PQstatus(handle) != CONNECTION_OK
            throw PostgresError.connection(Self.message(handle))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.rows(of: result)
        default:
            if PQstatus(handle) != CONNECTION_OK {
                isBroken = true
                throw PostgresError.connection(Self.message(handle))
            }
            let state = qt_PQresultSQLState(result).map { String(cString: $0) } ?? "?????"
            let message = qt_PQresultPrimaryMessage(result).map { String(cString: $0) }
                ?? String(cString: PQresultErrorMessage(result))
            throw PostgresError.server(sqlState: state, message: message)
        }
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        let rows = (0..<Int(PQntuples(result))).map { row in
            PostgresRow(columnIndex: index, values: (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            })
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, rows: rows, affected: affected)
    }

    private static func message(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func withCStrings<R>(_ texts: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
