import Foundation

/// An RFC 6455 WebSocket client (no extensions, no subprotocols), good for one connection.
///
/// Incoming messages are buffered until read through `messages` or `receive(timeout:)`; both draw
/// from the same queue, so use one consumer. Server pings are answered automatically, a server
/// close is answered and ends the stream cleanly, and a protocol violation closes with 1002/1007/1009
/// and ends the stream with `WebSocketError.protocolViolation`.
/// Public: the TUI's push channel, the bench and the tests open sockets with it.
public actor WebSocketClient {
    enum State { case idle, connecting, open, closing, closed }

    public nonisolated let maxMessageSize: Int
    /// Bounds the handshake, each send, each ping and the close handshake.
    public nonisolated let timeout: TimeInterval

    /// The close frame the server sent, once it has sent one.
    public internal(set) var serverClose: WebSocketClose?

    var state = State.idle
    var stream: TCPStream?
    var readerTask: Task<Void, Never>?
    let writeGate = SerialGate()
    var inbox = MessageQueue()
    var inboxEnd: Result<Void, WebSocketError>?
    var inboxWaiters: [(id: UInt64, continuation: CheckedContinuation<WebSocketMessage?, any Error>)] = []
    var pingWaiters: [UInt64: (payload: [UInt8], continuation: CheckedContinuation<Void, any Error>)] = [:]
    var nextWaiterID: UInt64 = 0

    public init(maxMessageSize: Int = 16 << 20, timeout: TimeInterval = 30) {
        self.maxMessageSize = maxMessageSize
        self.timeout = timeout
    }

    public static func connect(host: String, port: UInt16, path: String = "/", headers: [String: String] = [:],
                               tls: TLSOptions? = nil, maxMessageSize: Int = 16 << 20,
                               timeout: TimeInterval = 30) async throws -> WebSocketClient {
        let client = WebSocketClient(maxMessageSize: maxMessageSize, timeout: timeout)
        try await client.connect(host: host, port: port, path: path, headers: headers, tls: tls)
        return client
    }

    public var isOpen: Bool { state == .open }

    /// Opens the TCP connection and performs the Upgrade handshake; `path` may carry a query.
    /// With `tls` it is `wss`: TLS first, the server verified against those roots and `host`.
    public func connect(host: String, port: UInt16, path: String = "/", headers: [String: String] = [:],
                        tls: TLSOptions? = nil) async throws {
        guard state == .idle else { throw WebSocketError.alreadyConnected }
        state = .connecting
        let timeout = timeout
        do {
            let reader = try await withDeadline(seconds: timeout) {
                try await self.handshake(host: host, port: port, path: path, headers: headers, tls: tls)
            }
            state = .open
            readerTask = Task { await self.runReader(reader) }
        } catch {
            state = .closed
            endInbox(.failure(.notOpen))
            if let stream {
                self.stream = nil
                await stream.close()
            }
            throw Self.publicError(error, timeout: timeout)
        }
    }

    public func send(text: String) async throws {
        try await sendFrame(WebSocketFrame(fin: true, opcode: .text, payload: Array(text.utf8)))
    }

    public func send(data: Data) async throws {
        try await sendFrame(WebSocketFrame(fin: true, opcode: .binary, payload: Array(data)))
    }

    /// Sends a ping and waits for its pong (at most `timeout`, else the client's); returns the round trip.
    @discardableResult
    public func ping(timeout: TimeInterval? = nil) async throws -> Duration {
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard state == .open else { throw state == .idle ? WebSocketError.notConnected : WebSocketError.notOpen }
        let started = ContinuousClock.now
        try await suspend(timeout: timeout ?? self.timeout) { id, continuation in
            // Registered before the ping leaves, so even an instant pong finds its waiter.
            pingWaiters[id] = (payload, continuation)
            Task {
                do {
                    try await self.sendFrame(WebSocketFrame(fin: true, opcode: .ping, payload: payload))
                } catch {
                    self.resumeWaiter(id, throwing: error)
                }
            }
        }
        return ContinuousClock.now - started
    }

    /// The next message, or nil once the server closed cleanly; throws how the stream failed.
    public func receive(timeout: TimeInterval? = nil) async throws -> WebSocketMessage? {
        if let message = inbox.popFirst() { return message }
        if let inboxEnd { try inboxEnd.get(); return nil }
        guard state != .idle else { throw WebSocketError.notConnected }
        return try await suspend(timeout: timeout) { id, continuation in
            inboxWaiters.append((id, continuation))
        }
    }

    /// All incoming messages; the sequence ends when the socket closes cleanly.
    public nonisolated var messages: AsyncThrowingStream<WebSocketMessage, any Error> {
        AsyncThrowingStream(unfolding: { try await self.receive() })
    }

    /// Starts the close handshake and returns once the connection is gone. Messages that arrived
    /// before the server's close frame can still be read afterwards.
    public func close(code: UInt16 = WebSocketClose.normalClosure, reason: String = "") async {
        if state == .open {
            state = .closing
            try? await writeWithDeadline(.close(WebSocketClose(code: code, reason: reason)))
        }
        guard let readerTask else {
            state = .closed
            return
        }
        // Awaiting a task's value ignores cancellation, so a deadline cannot cut this wait short;
        // a server that never answers the close frame gets its connection shut down instead.
        let timeout = timeout
        let watchdog = Task {
            do { try await Task.sleep(for: .seconds(timeout)) } catch { return }
            // Through actor state, not a captured copy: the reader clears `stream` before it closes
            // the fd, and a stale copy could shut down whichever socket reused that number.
            self.stream?.shutdown()
        }
        await readerTask.value
        watchdog.cancel()
    }

    private func handshake(host: String, port: UInt16, path: String,
                           headers: [String: String], tls: TLSOptions?) async throws -> ByteReader {
        let connected = try await TCPStream.connect(host: host, port: port, tls: tls)
        stream = connected
        let key = WebSocketHandshake.makeKey()
        let request = WebSocketHandshake.request(path: path, key: key, headers: headers)
        try await connected.write(try HTTPRequestEncoder.encode(request, host: host, port: port))
        var reader = ByteReader(stream: connected)
        try await WebSocketHandshake.readResponse(from: &reader, key: key)
        return reader
    }

    func sendFrame(_ frame: WebSocketFrame) async throws {
        guard state == .open else { throw state == .idle ? WebSocketError.notConnected : WebSocketError.notOpen }
        do {
            try await writeWithDeadline(frame)
        } catch WebSocketError.notOpen {
            // Refused at the writer before a byte left (a close began meanwhile): the stream's
            // framing is whole, and the close handshake goes on.
            throw WebSocketError.notOpen
        } catch {
            // A frame may be half written: nothing after it could be framed correctly.
            stream?.shutdown()
            throw Self.publicError(error, timeout: timeout)
        }
    }

    func writeWithDeadline(_ frame: WebSocketFrame) async throws {
        try await withDeadline(seconds: timeout) { try await self.write(frame) }
    }

    private func write(_ frame: WebSocketFrame) async throws {
        try await writeGate.withLock {
            guard let stream, state == .open || (state == .closing && frame.opcode == .close) else {
                throw WebSocketError.notOpen
            }
            var generator = SystemRandomNumberGenerator()
            let mask = (0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            try await stream.write(frame.encoded(mask: mask))
        }
    }

    static func publicError(_ error: any Error, timeout: TimeInterval) -> any Error {
        switch error {
        case let error as WebSocketError: error
        case is DeadlineExceeded: WebSocketError.timedOut(seconds: timeout)
        case let failure as TransportFailure:
            switch failure {
            case .closed: WebSocketError.connectionLost
            case .connectFailed(let reason): WebSocketError.connectionFailed(reason)
            case .tls(let failure): WebSocketError.tls(failure)
            case .cancelled: CancellationError()
            case .other(let reason): WebSocketError.connectionFailed(reason)
            }
        case let error as HTTPClientError: WebSocketError.invalidHandshake(error.description)
        default: error
        }
    }
}
