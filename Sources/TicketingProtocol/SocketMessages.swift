/// Client → server WebSocket messages. Unknown `type`s are answered with an `error` message.
public struct ClientSocketMessage: Codable, Sendable, Equatable {
    public var type: String
    public var performanceId: String?
    /// `seats.subscribe` only: the last seat-map version the client applied; the server sends
    /// the deltas after it, or a snapshot when it no longer has them.
    public var version: Int?

    public init(type: String, performanceId: String? = nil, version: Int? = nil) {
        self.type = type
        self.performanceId = performanceId
        self.version = version
    }
}

/// `{"type":"error","code","message"}`: a bad client message; the socket stays open.
public struct SocketErrorMessage: Codable, Sendable, Equatable {
    public var type: String = "error"
    public var code: String
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code.rawValue
        self.message = message
    }
}
