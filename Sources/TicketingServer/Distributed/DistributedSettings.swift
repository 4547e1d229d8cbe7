import Foundation
import TicketingPostgres
import TicketingRedis

/// Where the distributed mode's shared engines are (`--redis`, `--postgres`; docs/SCALE_OUT.md).
/// Both or neither: a node with one of them would split its state between two backends.
public struct DistributedSettings: Sendable, Equatable {
    /// `redis://HOST:PORT[/DB]`, as given.
    public var redisURL: String
    /// `postgresql://USER@HOST:PORT/DB`, as given (libpq reads it as is).
    public var postgresURL: String
    /// The requests' Redis pool per node: each connection carries one command at a time, and a
    /// rush keeps hundreds of requests per node in flight, each a few round trips (8 ran dry at
    /// 2,000 buyers on 3 nodes: BENCHMARKS.md).
    public var redisConnections = Self.defaultRedisConnections
    public static let defaultRedisConnections = 32

    public var redis: RedisEndpoint { get throws { try RedisEndpoint(url: redisURL) } }
    public var postgres: PostgresConfiguration { PostgresConfiguration(url: postgresURL) }

    /// Nil unless both URLs are well formed.
    public init?(redisURL: String, postgresURL: String) {
        guard Self.isRedisURL(redisURL), Self.isPostgresURL(postgresURL) else { return nil }
        self.redisURL = redisURL
        self.postgresURL = postgresURL
    }

    static func isRedisURL(_ text: String) -> Bool {
        (try? RedisEndpoint(url: text)) != nil
    }

    /// A scheme libpq knows, a host and a database; the user may be left to libpq's default.
    static func isPostgresURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text),
              components.scheme == "postgresql" || components.scheme == "postgres",
              let host = components.host, !host.isEmpty else { return false }
        if let port = components.port, !(1...65_535).contains(port) { return false }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return !database.isEmpty && !database.contains("/")
    }
}
