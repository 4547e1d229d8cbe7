/// How to reach PostgreSQL: a libpq connection URI (`postgresql://USER@HOST:PORT/DB`) plus the
/// session settings every connection starts with.
public struct PostgresConfiguration: Sendable, Equatable {
    public var url: String
    /// Schema(s) for unqualified names; tests give each suite its own schema.
    public var searchPath: String?
    public var connectTimeoutSeconds: Int
    /// The longest one statement may run before the server cancels it.
    public var statementTimeoutMilliseconds: Int

    public init(url: String, searchPath: String? = nil, connectTimeoutSeconds: Int = 5,
                statementTimeoutMilliseconds: Int = 30_000) {
        self.url = url
        self.searchPath = searchPath
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
    }

    /// Keyword form (`host=… port=…`) would need parsing the URI; libpq accepts both, so the URI
    /// is passed through and the options ride in its query string.
    var conninfo: String {
        var options = "-c TimeZone=UTC -c DateStyle=ISO -c statement_timeout=\(statementTimeoutMilliseconds)"
        if let searchPath { options += " -c search_path=\(searchPath)" }
        let encoded = options.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "=", with: "%3D")
        let separator = url.contains("?") ? "&" : "?"
        return url + separator + "connect_timeout=\(connectTimeoutSeconds)&options=" + encoded
    }
}
