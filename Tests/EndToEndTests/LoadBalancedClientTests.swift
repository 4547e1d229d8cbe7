import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// The client behind a misbehaving load balancer (`FaultProxy` in front of a real server): it
/// retries refused and reset connections and 502/503 with one Idempotency-Key, the server runs
/// the request once, and a cut WebSocket comes back with its subscription.
@Suite("Client behind a faulty load balancer")
struct LoadBalancedClientTests {
    /// Quick backoff so the test does not wait long; the policy's rules are RetryPolicyTests'.
    static let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))

    static func key(in head: String) -> String? {
        head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("idempotency-key:") }
            .map { $0.dropFirst("idempotency-key:".count).trimmingCharacters(in: .whitespaces) }
    }

    @Test func resetsBadGatewaysAndALostAnswerAreRetriedUnderOneKeyAndRunOnce() async throws {
        let server = try await TestServer.start()
        let proxy = try await FaultProxy.start(upstream: server.port)
        defer { Task { await proxy.stop(); await server.stop() } }
        // The server creates the account on the third try; its answer is lost, so the fourth
        // try must be a replay (a second run would be 409 email_taken).
        proxy.plan([.closeBeforeAnswer, .status(502), .loseAnswer, .status(503, retryAfter: 0)])
        let api = APIClient(host: "127.0.0.1", port: proxy.port, timeout: 10, retry: Self.policy)
        let email = "lb-\(UUID().uuidString.lowercased())@example.com"
        let auth = try await api.signup(SignupRequest(email: email, password: "correct horse", name: "LB", role: "buyer"))
        #expect(auth.user.email == email)
        let heads = proxy.requestHeads
        #expect(heads.count == 5)
        let keys = heads.map(Self.key(in:))
        #expect(keys.allSatisfy { $0 != nil && $0 == keys[0] }, "keys: \(keys)")
        // Exactly one account: a fresh sign-up with that email is refused.
        await #expect(throws: APIError.self) {
            _ = try await server.client().signup(SignupRequest(email: email, password: "correct horse", name: "LB",
                                                               role: "buyer"))
        }
        // Without a policy the same fault reaches the caller at once.
        proxy.plan([.status(502)])
        let plain = APIClient(host: "127.0.0.1", port: proxy.port, timeout: 10)
        await #expect(throws: APIError.self) { _ = try await plain.me() }
    }

    @Test func aRefusedConnectionIsRetriedUntilTheBalancerListens() async throws {
        let server = try await TestServer.start()
        let proxy = try await FaultProxy.start(upstream: server.port, listening: false)
        defer { Task { await proxy.stop(); await server.stop() } }
        let patient = RetryPolicy(maxAttempts: 40, baseDelay: .milliseconds(50), maxDelay: .milliseconds(100))
        let api = APIClient(host: "127.0.0.1", port: proxy.port, timeout: 10, retry: patient)
        let health = Task { try await api.health() }
        // Refused until then: the first tries happen while nothing listens.
        try await Task.sleep(for: .milliseconds(300))
        #expect(proxy.requestHeads.isEmpty)
        try await proxy.listen()
        #expect(try await health.value.status == "ok")
        #expect(proxy.requestHeads.count == 1)
    }

    @Test func aCutWebSocketReconnectsAndResumesItsPlaceInLine() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 1)
        let proxy = try await FaultProxy.start(upstream: show.server.port)
        defer { Task { await proxy.stop(); await show.server.stop() } }
        // Someone ahead holds the only admission, so our buyer waits first in line behind it.
        let (first, _) = try await show.server.signedUp("buyer")
        _ = try await show.join(first)
        _ = try await show.waitForStatus(first) { $0.state == "admitted" }
        let (direct, auth) = try await show.server.signedUp("buyer")
        let joined = try await show.join(direct)
        #expect(joined.state == "waiting")
        let api = APIClient(host: "127.0.0.1", port: proxy.port, token: auth.token, timeout: 10, retry: Self.policy)
        let socket = try await ResumingWebSocket.open(api: api)
        try await socket.subscribe(ClientSocketMessage(type: "queue.subscribe", performanceId: show.performance.id))
        let before = try await Self.nextStatus(socket)
        #expect(before.position == joined.position)

        // The node is gone: the balancer answers the first upgrade 503 and drops the second.
        proxy.plan([.status(503, retryAfter: 0), .closeBeforeAnswer])
        proxy.cutAll()
        var resumed = false
        var after: QueueStatusPush?
        while after == nil {
            switch try await socket.receive(timeout: 20) {
            case .resumed: resumed = true
            case .message(.text(let text)):
                if resumed, let push = try? WireJSON.decode(QueueStatusPush.self, from: Data(text.utf8)),
                   push.type == "queue.status" {
                    after = push
                }
            case .message, nil: Issue.record("no push after the cut"); return
            }
        }
        #expect(resumed)
        #expect(await socket.reconnects == 1)
        #expect(after?.position == before.position)
        #expect(after?.state == "waiting")
        #expect(proxy.faultsServed == 2)
        await socket.close()
    }

    private static func nextStatus(_ socket: ResumingWebSocket) async throws -> QueueStatusPush {
        while true {
            guard case .message(.text(let text))? = try await socket.receive(timeout: 20) else {
                throw WebSocketError.timedOut(seconds: 20)
            }
            if let push = try? WireJSON.decode(QueueStatusPush.self, from: Data(text.utf8)), push.type == "queue.status" {
                return push
            }
        }
    }
}
