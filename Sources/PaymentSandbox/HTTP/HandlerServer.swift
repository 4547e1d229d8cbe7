import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One FlyingFox handler on a listening socket of its own, started and stopped as a unit: the
/// payment sandbox's server and `qticketd alerts`' relay are each one of these.
public actor HandlerServer {
    private let http: HTTPServer
    private var runTask: Task<Void, any Error>?

    /// `port` 0 lets the kernel choose; read it back with `port()`. `timeout` is FlyingFox's
    /// request timeout (it cancels the handler). `noDelay` sets TCP_NODELAY (see `NoDelayPool`).
    public init(host: String, port: UInt16, timeout: TimeInterval, noDelay: Bool, handler: some HTTPHandler) throws {
        let address: any SocketAddress = host.contains(":")
            ? try sockaddr_in6.inet6(ip6: host, port: port)
            : try sockaddr_in.inet(ip4: host == "localhost" ? "127.0.0.1" : host, port: port)
        let config = noDelay
            ? HTTPServer.Configuration(address: address, timeout: timeout, pool: NoDelayPool(base: HTTPServer.defaultPool()),
                                       logger: .disabled)
            : HTTPServer.Configuration(address: address, timeout: timeout, logger: .disabled)
        http = HTTPServer(config: config, handler: handler)
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
/// keep-alive response would wait for the peer's delayed ACK (~40 ms; 1.4k req/s instead of ~15k
/// on these machines). The pool is the only hook into sockets FlyingFox creates itself, and every
/// socket passes through `suspendSocket` before its first blocking operation; accepted sockets
/// inherit the option from the listening socket on Linux. Every FlyingFox server here uses it:
/// `HandlerServer`, the bench's bare baseline, the client tests' fixture.
public struct NoDelayPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    public init(base: Base) {
        self.base = base
    }

    public func prepare() async throws { try await base.prepare() }
    public func run() async throws { try await base.run() }

    public func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
