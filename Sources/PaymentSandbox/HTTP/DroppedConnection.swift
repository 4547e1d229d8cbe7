import FlyingFox

/// A response that makes FlyingFox close the connection without writing a byte.
///
/// FlyingFox handlers must return a response, and FlyingFox has no "abort" hook. For a
/// WebSocket payload, though, FlyingFox 0.27.1 calls `makeFrames` *before* it writes the 101
/// head (HTTPConnection.switchToWebSocket), and closes the connection when that throws. The
/// package pins FlyingFox exactly; the lost-response tests fail if an upgrade changes this.
struct DroppedConnection: WSHandler {
    struct Dropped: Error {}

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        throw Dropped()
    }

    static var response: HTTPResponse { HTTPResponse(webSocket: DroppedConnection()) }
}
