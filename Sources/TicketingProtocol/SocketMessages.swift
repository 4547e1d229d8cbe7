/// Client → server WebSocket messages. Unknown `type`s are answered with an `error` message.
public struct ClientSocketMessage: Codable, Sendable, Equatable {
    public var type: String
    public var performanceId: String?

    public init(type: String, performanceId: String? = nil) {
        self.type = type
        self.performanceId = performanceId
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
