import Foundation

/// The sandbox on a FlyingFox server of its own (for `qticketd`-less demos and for tests).
public actor PaymentSandboxServer {
    public let sandbox: PaymentSandbox
    private let server: HandlerServer

    /// `port` 0 lets the kernel choose; read it back with `port()`.
    public init(sandbox: PaymentSandbox, host: String = "127.0.0.1", port: UInt16 = 0,
                prefix: String = "") throws {
        self.sandbox = sandbox
        // Held confirms must outlive the caller's timeout, so FlyingFox's own request timeout
        // (which would cancel the handler) is set well past the longest sandbox delay.
        let timeout = max(60, Double(sandbox.options.timeoutHold.components.seconds) * 2)
        server = try HandlerServer(host: host, port: port, timeout: timeout, noDelay: true,
                                   handler: PaymentSandboxHandler(sandbox: sandbox, prefix: prefix))
    }

    /// Returns once the socket accepts connections.
    public func start() async throws { try await server.start() }

    public func port() async throws -> UInt16 { try await server.port() }

    public func stop(timeout: TimeInterval = 1) async { await server.stop(timeout: timeout) }
}
