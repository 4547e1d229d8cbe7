import Foundation

/// Where `qticketd` listens, from the `--server` argument ("http://127.0.0.1:8080").
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Accepts `http://host:port`, `http://host` (port 80) and `host:port`; paths are ignored.
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var defaultPort: UInt16 = 80
        if let scheme = rest.range(of: "://") {
            // The client speaks plain HTTP only; https would need TLS on the client side.
            guard rest[..<scheme.lowerBound].lowercased() == "http" else { return nil }
            rest = rest[scheme.upperBound...]
        } else {
            defaultPort = 8080
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard !rest.isEmpty else { return nil }
        if let colon = rest.lastIndex(of: ":") {
            guard let port = UInt16(rest[rest.index(after: colon)...]), port > 0 else { return nil }
            host = String(rest[..<colon])
            self.port = port
        } else {
            host = String(rest)
            port = defaultPort
        }
        guard !host.isEmpty else { return nil }
    }

    public var description: String { "http://\(host):\(port)" }
}
