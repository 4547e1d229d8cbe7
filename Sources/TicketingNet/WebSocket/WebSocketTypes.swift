import Foundation

/// Public: what `WebSocketClient.receive` hands out.
public enum WebSocketMessage: Sendable, Equatable {
    case text(String)
    case data(Data)
}

/// The status a close frame carried (RFC 6455 §7.4); 1005 when it carried none.
/// Public: close codes and reasons as both ends and the client's callers see them.
public struct WebSocketClose: Sendable, Equatable {
    public var code: UInt16
    public var reason: String

    public init(code: UInt16, reason: String = "") {
        self.code = code
        self.reason = reason
    }

    public static let normalClosure: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let noStatusReceived: UInt16 = 1005
    public static let invalidPayload: UInt16 = 1007
    public static let messageTooBig: UInt16 = 1009
}

/// Public: how a `WebSocketClient` call failed, for the TUI's reconnect logic and the bench.
public enum WebSocketError: Error, Equatable, CustomStringConvertible {
    case notConnected
    case alreadyConnected
    /// The socket is closing or closed; nothing more can be sent.
    case notOpen
    case connectionFailed(String)
    /// TLS could not be established: a rejected certificate, a failed handshake.
    case tls(TLSError)
    /// The server answered the upgrade with something other than 101 (e.g. 401 with an API error).
    case handshakeRejected(ClientResponse)
    case invalidHandshake(String)
    /// The server broke RFC 6455; this client sent a close frame with `code` and ended the stream.
    case protocolViolation(code: UInt16, reason: String)
    /// The TCP connection ended without a close handshake.
    case connectionLost
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .notConnected: "the WebSocket is not connected"
        case .alreadyConnected: "the WebSocket was already connected once"
        case .notOpen: "the WebSocket is closing or closed"
        case .connectionFailed(let reason): "cannot connect: \(reason)"
        case .tls(let failure): failure.description
        case .handshakeRejected(let response): "upgrade refused with HTTP \(response.status)"
        case .invalidHandshake(let reason): "invalid upgrade response: \(reason)"
        case .protocolViolation(let code, let reason): "server broke the protocol (\(code)): \(reason)"
        case .connectionLost: "the connection ended without a close handshake"
        case .timedOut(let seconds): "nothing within \(seconds) s"
        }
    }
}
