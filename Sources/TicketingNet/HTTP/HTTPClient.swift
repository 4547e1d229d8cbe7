import Foundation

/// An HTTP/1.1 client over one kept-alive connection.
///
/// Calls on one client are served one at a time, in order, over the same connection; use several
/// clients for parallel requests. Every call ends within `timeout` seconds (queueing included).
/// Public: `APIClient` and the server's payment gateway client both speak HTTP through it.
public actor HTTPClient {
    public nonisolated let host: String
    public nonisolated let port: UInt16
    public nonisolated let timeout: TimeInterval
    public nonisolated let maxResponseBytes: Int
    /// HTTPS when set: the server's certificate is verified against these roots and `host`.
    public nonisolated let tls: TLSOptions?

    /// How many TCP connections this client has opened; stays at 1 while keep-alive holds.
    public private(set) var connectionsOpened = 0

    private var idle: ByteReader?
    private let gate = SerialGate()

    public init(host: String, port: UInt16, timeout: TimeInterval = 30, maxResponseBytes: Int = 64 << 20,
                tls: TLSOptions? = nil) {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.tls = tls
    }

    deinit {
        if let stream = idle?.stream {
            Task { await stream.close() }
        }
    }

    /// Sends `request` and reads the whole response, within `timeout` (default: the client's).
    public func send(_ request: ClientRequest, timeout: TimeInterval? = nil) async throws -> ClientResponse {
        let wire = try HTTPRequestEncoder.encode(request, host: host, port: port)
        let wantsClose = request.headers.contains {
            $0.key.lowercased() == "connection" && $0.value.lowercased().contains("close")
        }
        let timeout = timeout ?? self.timeout
        do {
            return try await withDeadline(seconds: timeout) {
                try await self.exchange(wire, method: request.method, wantsClose: wantsClose,
                                        replayable: Self.isReplayable(request))
            }
        } catch is DeadlineExceeded {
            throw HTTPClientError.timedOut(seconds: timeout)
        } catch let failure as TransportFailure {
            throw Self.publicError(failure)
        } catch let exceeded as ReadLimitExceeded {
            throw HTTPClientError.invalidResponse("a line longer than \(exceeded.limit) bytes")
        }
    }

    /// Closes the kept-alive connection, if any; the next request opens a new one.
    public func close() async {
        try? await gate.withLock {
            if let reader = idle {
                idle = nil
                await reader.stream.close()
            }
        }
    }

    /// Requests a server may see twice without harm: idempotent methods, or a POST carrying an
    /// `Idempotency-Key` (the server replays the first answer).
    static func isReplayable(_ request: ClientRequest) -> Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(request.method.uppercased())
            || request.headers.keys.contains { $0.lowercased() == "idempotency-key" }
    }

    private func exchange(_ wire: Data, method: String, wantsClose: Bool,
                          replayable: Bool) async throws -> ClientResponse {
        try await gate.withLock {
            var mayRetry = replayable
            while true {
                var (reader, reused) = try await checkOut()
                do {
                    try await reader.stream.write(wire)
                    let result = try await HTTPResponseReader.read(from: &reader, method: method,
                                                                   maxBodyBytes: maxResponseBytes)
                    if result.keepAlive, !wantsClose {
                        idle = reader
                    } else {
                        await reader.stream.close()
                    }
                    return result.response
                } catch {
                    await reader.stream.close()
                    // A kept-alive connection the server dropped before answering (usually an idle
                    // close racing our write): one fresh attempt, but only for requests that are
                    // safe to repeat, since the server might have acted before closing.
                    if mayRetry, reused, reader.received == 0,
                       TransportFailure.classify(error, connecting: false) == .closed {
                        mayRetry = false
                        continue
                    }
                    throw error
                }
            }
        }
    }

    private func checkOut() async throws -> (ByteReader, reused: Bool) {
        if var reader = idle {
            idle = nil
            if !reader.hasBufferedBytes, reader.stream.isIdleAndOpen() {
                reader.resetCount()
                return (reader, true)
            }
            await reader.stream.close()
        }
        let stream = try await TCPStream.connect(host: host, port: port, tls: tls)
        connectionsOpened += 1
        return (ByteReader(stream: stream), false)
    }

    static func publicError(_ failure: TransportFailure) -> any Error {
        switch failure {
        case .closed: HTTPClientError.connectionClosed
        case .connectFailed(let reason): HTTPClientError.connectionFailed(reason)
        case .tls(let failure): HTTPClientError.tls(failure)
        case .cancelled: CancellationError()
        case .other(let reason): HTTPClientError.transport(reason)
        }
    }
}
