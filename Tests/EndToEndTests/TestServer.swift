import Foundation
import TicketingClient
import TicketingProtocol
import TicketingServer

/// A real `qticketd` server on 127.0.0.1 with a random port and a fresh data directory.
struct TestServer: Sendable {
    let server: QueueTicketServer
    let port: UInt16
    let dataDirectory: URL
    /// Set when the server serves TLS: what `client()` verifies it with.
    var clientTLS: TLSOptions?

    static func start(dataDirectory: URL? = nil, clock: WallClock = .system, clientTLS: TLSOptions? = nil,
                      configure: (inout ServerConfig) -> Void = { _ in }) async throws -> TestServer {
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-e2e-\(UUID().uuidString)", isDirectory: true)
        var config = ServerConfig(dataDirectory: directory)
        config.port = 0
        config.logSink = .discard
        // Still PBKDF2, with fewer rounds, so suites that sign up hundreds of buyers stay fast.
        config.passwordIterations = 1_000
        config.paymentSandbox = true
        // Suites sign up hundreds of buyers from 127.0.0.1; RateLimitTests sets the real limit.
        config.rateLimits.perAddressSignup = RateLimit(burst: 1e9, perSecond: 1e9)
        configure(&config)
        let server = try QueueTicketServer(config: config, clock: clock)
        try await server.start()
        return TestServer(server: server, port: try await server.port(), dataDirectory: directory, clientTLS: clientTLS)
    }

    func client() -> APIClient { APIClient(host: "127.0.0.1", port: port, tls: clientTLS) }

    func stop() async { await server.stop(timeout: 1) }

    /// Signs up a fresh account of `role` and returns a client that carries its token.
    func signedUp(_ role: String, name: String = "Test") async throws -> (APIClient, AuthResponse) {
        let api = client()
        let auth = try await api.signup(SignupRequest(email: "\(role)-\(UUID().uuidString)@example.com",
                                                      password: "correct horse", name: name, role: role))
        return (api, auth)
    }

    static var assetsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
    }
}
