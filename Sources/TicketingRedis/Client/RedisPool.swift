import ConnectionPooling

public typealias RedisPool = ConnectionPool<RedisConnection>

extension ConnectionPool where Connection == RedisConnection {
    /// A pool of connections to `endpoint`, opened lazily.
    public static func redis(_ endpoint: RedisEndpoint, options: Options = Options()) -> RedisPool {
        RedisPool(options: options) { try await RedisConnection.connect(to: endpoint) }
    }

    @discardableResult
    public func command(_ arguments: [String]) async throws -> RedisValue {
        try await withConnection { try await $0.command(arguments) }
    }

    public func evaluate(_ script: RedisScript, keys: [String], arguments: [String]) async throws -> RedisValue {
        try await withConnection { try await $0.evaluate(script, keys: keys, arguments: arguments) }
    }
}
