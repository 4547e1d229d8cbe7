import Foundation

/// Where a Toss-compatible API lives: the real one, or the sandbox at some base path.
public struct TossEndpoint: Sendable, Equatable {
    public var host: String
    public var port: UInt16
    public var useTLS: Bool
    /// Prefix before `/v1/...`: empty for Toss, `/sandbox-gateway` for a mounted sandbox.
    public var basePath: String

    public init(host: String, port: UInt16, useTLS: Bool = false, basePath: String = "") {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.basePath = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
    }

    public static let tossPayments = TossEndpoint(host: "api.tosspayments.com", port: 443, useTLS: true)

    /// Parses `http://127.0.0.1:8080/sandbox-gateway` or `https://api.tosspayments.com`.
    public init?(url text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
              url.query == nil else { return nil }
        let tls = scheme == "https"
        let port = url.port ?? (tls ? 443 : 80)
        guard let port16 = UInt16(exactly: port) else { return nil }
        self.init(host: host, port: port16, useTLS: tls, basePath: url.path)
    }
}
