import Foundation

/// Where a Redis server listens: `redis://HOST:PORT[/DB]`.
public struct RedisEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var database: Int
    public var connectTimeout: Duration
    /// The longest a command may wait for its reply before the connection is declared lost.
    public var commandTimeout: Duration

    public init(host: String, port: Int, database: Int = 0,
                connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(5)) {
        self.host = host
        self.port = port
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    public init(url: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "redis",
              let host = components.host, !host.isEmpty else {
            throw RedisError.invalidURL(url)
        }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path) != nil else { throw RedisError.invalidURL(url) }
        self.init(host: host, port: components.port ?? 6379, database: Int(path) ?? 0)
    }
}

extension Duration {
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
