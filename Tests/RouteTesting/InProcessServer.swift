import Foundation
import TicketingServer

/// A `QueueTicketServer` with a fresh data directory and no listening socket: requests reach its
/// handler directly (`QueueTicketServer.respond(to:)`), the way HummingbirdTesting's `.router`
/// mode runs an application. Route and auth tests use it; transport, TLS, crash and end-to-end
/// suites keep a real socket.
public struct InProcessServer: Sendable {
    public let server: QueueTicketServer
    public let dataDirectory: URL

    public static func start(clock: WallClock = .system,
                             configure: (inout ServerConfig) -> Void = { _ in }) async throws -> InProcessServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-routes-\(UUID().uuidString)", isDirectory: true)
        var config = ServerConfig(dataDirectory: directory)
        config.logSink = .discard
        // Still PBKDF2, with fewer rounds, so suites that sign up many accounts stay fast.
        config.passwordIterations = 1_000
        config.paymentSandbox = true
        // Every in-process request comes from 127.0.0.1; rate-limit suites set their own limits.
        config.rateLimits.perAddressSignup = RateLimit(burst: 1e9, perSecond: 1e9)
        configure(&config)
        let server = try QueueTicketServer(config: config, clock: clock)
        try await server.startInProcess()
        return InProcessServer(server: server, dataDirectory: directory)
    }

    /// Starts a server, hands it to `body`, and stops it however `body` ends.
    public static func test<T: Sendable>(clock: WallClock = .system, configure: (inout ServerConfig) -> Void = { _ in },
                                         _ body: (InProcessServer) async throws -> T) async throws -> T {
        let app = try await start(clock: clock, configure: configure)
        do {
            let result = try await body(app)
            await app.stop()
            return result
        } catch {
            await app.stop()
            throw error
        }
    }

    /// A client without a token; `signup` and `login` give it one.
    public func client(token: String? = nil) -> RouteClient { RouteClient(server: server, token: token) }

    public func stop() async {
        await server.stop(timeout: 0)
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}

extension InProcessServer {
    /// A server the caller built (a test wiring its own backend), run the same way.
    public static func run(_ server: QueueTicketServer, dataDirectory: URL) async throws -> InProcessServer {
        try await server.startInProcess()
        return InProcessServer(server: server, dataDirectory: dataDirectory)
    }
}
