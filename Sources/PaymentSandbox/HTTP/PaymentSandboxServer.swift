import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox on a FlyingFox server of its own (for `qticketd`-less demos and for tests).
public actor PaymentSandboxServer {
    public let sandbox: PaymentSandbox
    private let http: HTTPServer
    private var runTask: Task<Void, any Error>?

    /// `port` 0 lets the kernel choose; read it back with `port()`.
    public init(sandbox: PaymentSandbox, host: String = "127.0.0.1", port: UInt16 = 0,
                prefix: String = "") throws {
        self.sandbox = sandbox
        let address: any SocketAddress = host.contains(":")
            ? try sockaddr_in6.inet6(ip6: host, port: port)
            : try sockaddr_in.inet(ip4: host == "localhost" ? "127.0.0.1" : host, port: port)
        // Held confirms must outlive the caller's timeout, so FlyingFox's own request timeout
        // (which would cancel the handler) is set well past the longest sandbox delay.
        let timeout = max(60, Double(sandbox.options.timeoutHold.components.seconds) * 2)
        http = HTTPServer(config: HTTPServer.Configuration(address: address, timeout: timeout,
                                                           pool: NoDelayPool(base: HTTPServer.defaultPool()),
                                                           logger: .disabled),
                          handler: PaymentSandboxHandler(sandbox: sandbox, prefix: prefix))
    }

    /// Returns once the socket accepts connections.
    public func start() async throws {
        guard runTask == nil else { return }
        let http = self.http
        runTask = Task { try await http.run() }
        try await http.waitUntilListening(timeout: 10)
    }

    public func port() async throws -> UInt16 {
        switch await http.listeningAddress {
        case .ip4(_, let port), .ip6(_, let port): return port
        default: throw SocketError.disconnected
        }
    }

    public func stop(timeout: TimeInterval = 1) async {
        await http.stop(timeout: timeout)
        runTask?.cancel()
        _ = await runTask?.result
        runTask = nil
    }
}

/// FlyingFox writes a response head and body in two writes and sets no TCP_NODELAY, so every
/// keep-alive response would wait for the peer's delayed ACK (~40 ms). Accepted sockets inherit
/// the option from the listening socket on Linux.
private struct NoDelayPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws { try await base.prepare() }
    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
