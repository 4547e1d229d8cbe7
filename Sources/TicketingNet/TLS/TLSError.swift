import FlyingSocks

/// Why TLS could not be set up or established. Handshake failures happen before a request is
/// sent, so a caller may treat them like a refused connection.
/// Public: HTTPClientError and WebSocketError carry it, so callers can tell a bad certificate from a refused connection.
public enum TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer's certificate did not verify: unknown issuer, expired, or not for this host.
    case certificateRejected(String)
    /// The handshake failed otherwise: no common protocol version, not TLS at all, reset…
    case handshakeFailed(String)
    /// A certificate, key or CA file could not be loaded, or the key does not fit the certificate.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .certificateRejected(let reason): "TLS certificate rejected: \(reason)"
        case .handshakeFailed(let reason): "TLS handshake failed: \(reason)"
        case .invalidConfiguration(let reason): "TLS configuration: \(reason)"
        }
    }
}

/// OpenSSL needs the socket readable (or writable) before the same call can make progress.
struct TLSWouldBlock: Error {
    let events: Socket.Events
}

/// A peer sent plain HTTP to a TLS port; it can still be told so in plain HTTP.
/// Public: the server's TLS terminator answers such a peer in plain HTTP.
public struct PlainHTTPOnTLSPort: Error {}
