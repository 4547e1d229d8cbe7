import ConnectionPooling

public typealias PostgresPool = ConnectionPool<PostgresConnection>

extension ConnectionPool where Connection == PostgresConnection {
    public static func postgres(_ configuration: PostgresConfiguration, options: Options = Options()) -> PostgresPool {
        PostgresPool(options: options) { try await PostgresConnection.connect(configuration) }
    }

    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) async throws -> PostgresRows {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { try await $0.transaction(body) }
    }
}
