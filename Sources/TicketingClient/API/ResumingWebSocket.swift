import Foundation
import TicketingProtocol

/// The API's WebSocket as a client behind a load balancer needs it: when the connection drops
/// (a node killed, a proxy restarted) it connects again through the same address, which may
/// reach another node, and sends every subscription again, in the order first sent.
///
/// docs/API.md makes that a resume: `queue.subscribe` answers the buyer's place at once (kept
/// through the reconnect grace) and `queue.admitted` if admitted; `seats.subscribe` answers a
/// fresh `seats.snapshot` whose `version` the client compares with what it had. What was pushed
/// while no socket was open is gone, so `receive` hands back `.resumed` after every reconnect:
/// the caller reads over HTTP whatever it was waiting for (an order's final status).
public actor ResumingWebSocket {
    public enum Event: Sendable, Equatable {
        case message(WebSocketMessage)
        /// Connected again with every subscription re-sent; pushes in between may be lost.
        case resumed
    }

    private let connect: @Sendable () async throws -> WebSocketClient
    private let retry: RetryPolicy
    private var socket: WebSocketClient?
    private var subscriptions: [String] = []
    private var closed = false
    /// How many times the connection was made again.
    public private(set) var reconnects = 0

    /// Connects now (retried as `retry` says). `connect` opens one fresh socket.
    public init(retry: RetryPolicy, connect: @escaping @Sendable () async throws -> WebSocketClient) async throws {
        self.retry = retry
        self.connect = connect
        socket = try await Self.open(connect, retry: retry)
    }

    /// `/v1/ws` of `api`'s server with its token, reconnecting as `api.retry` says.
    public static func open(api: APIClient, maxMessageSize: Int = 16 << 20) async throws -> ResumingWebSocket {
        try await ResumingWebSocket(retry: api.retry) {
            try await api.connectWebSocket(maxMessageSize: maxMessageSize)
        }
    }

    /// Sends `message` now and again after every reconnect (a repeat of one already kept is sent
    /// but kept once). A send that fails is left to the next `receive`, which reconnects.
    public func subscribe<T: Encodable & Sendable>(_ message: T) async throws {
        let text = String(decoding: try WireJSON.encode(message), as: UTF8.self)
        if !subscriptions.contains(text) { subscriptions.append(text) }
        try? await socket?.send(text: text)
    }

    /// Stops re-sending `message` after reconnects (send the matching `unsubscribe` yourself).
    public func forget<T: Encodable & Sendable>(_ message: T) throws {
        let text = String(decoding: try WireJSON.encode(message), as: UTF8.self)
        subscriptions.removeAll { $0 == text }
    }

    public func send(text: String) async throws {
        guard let socket else { throw WebSocketError.notOpen }
        try await socket.send(text: text)
    }

    /// The next message, nil when none came within `timeout`, or `.resumed` once a dropped
    /// connection is back. Throws when the connection cannot be made again within the policy.
    public func receive(timeout: TimeInterval) async throws -> Event? {
        guard !closed else { throw WebSocketError.notOpen }
        guard let socket else { return try await resume() }
        do {
            guard let message = try await socket.receive(timeout: timeout) else { return try await resume() }
            return .message(message)
        } catch WebSocketError.timedOut {
            return nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return try await resume()
        }
    }

    public func close() async {
        closed = true
        await socket?.close()
        socket = nil
    }

    private func resume() async throws -> Event {
        if let old = socket {
            socket = nil
            await old.close()
        }
        guard retry.maxAttempts > 1 else {
            closed = true
            throw WebSocketError.connectionLost
        }
        let fresh = try await Self.open(connect, retry: retry)
        for text in subscriptions { try await fresh.send(text: text) }
        socket = fresh
        reconnects += 1
        return .resumed
    }

    /// One socket, trying again on a refused connection or an upgrade a balancer answered
    /// 502/503/504 (its node gone), with the policy's backoff.
    private static func open(_ connect: @Sendable () async throws -> WebSocketClient,
                             retry: RetryPolicy) async throws -> WebSocketClient {
        var tries = 0
        while true {
            tries += 1
            do {
                return try await connect()
            } catch {
                guard tries < retry.maxAttempts, let retryAfter = retryable(error) else { throw error }
                try await Task.sleep(for: retry.delay(afterAttempt: tries, retryAfter: retryAfter,
                                                      unit: Double.random(in: 0..<1)))
            }
        }
    }

    /// nil when `error` is final; else the wait the server asked for (possibly none).
    private static func retryable(_ error: any Error) -> Duration?? {
        switch error as? WebSocketError {
        case .connectionFailed, .connectionLost, .timedOut: return .some(nil)
        case .handshakeRejected(let response) where RetryPolicy.retryableStatuses.contains(response.status):
            let seconds = response.header("retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return .some(seconds.map { .milliseconds(Int($0 * 1_000)) })
        case .invalidHandshake: return .some(nil)
        default: return nil
        }
    }
}
