import FlyingFox

/// Serves the sandbox under a path prefix of a FlyingFox server, e.g. `/sandbox-gateway`, so
/// the gateway URL handed to clients is `http://host:port/sandbox-gateway`. Requests outside
/// the prefix are left to the server's other handlers.
public struct PaymentSandboxHandler: HTTPHandler {
    public let sandbox: PaymentSandbox
    /// Empty, or starts with `/` and has no trailing `/`.
    public let prefix: String

    public init(sandbox: PaymentSandbox, prefix: String = "") {
        self.sandbox = sandbox
        self.prefix = prefix
    }

    /// The path relative to the prefix, or nil when the request is not for the sandbox.
    public func relativePath(of path: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
        return String(rest)
    }

    public func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let path = relativePath(of: request.path) else { throw HTTPUnhandledError() }
        return await sandbox.handle(request, path: path)
    }
}
