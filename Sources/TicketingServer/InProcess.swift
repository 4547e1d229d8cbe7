import FlyingFox
import Foundation
import TicketingNet

/// Running the server without sockets: requests go straight to the handler every socket
/// request reaches (request id, idempotency, routing, error envelope, metrics), so route and
/// auth tests run in milliseconds. Transport, TLS and WebSocket behaviour need the real socket.
extension QueueTicketServer {
    /// Starts everything but the listener: the outbox relay, settlement closing and, with the
    /// payment sandbox, a payment worker that reaches the mounted sandbox through `respond(to:)`.
    public func startInProcess() async throws {
        guard runTask == nil, !runsInProcess else { return }
        runsInProcess = true
        if config.paymentSandbox {
            let handler = self.handler
            let endpoint = TossEndpoint(host: "in-process", port: 0, basePath: SandboxRoutes.mountPath)
            let gateway = TossPaymentsClient(endpoint: endpoint, secretKey: config.sandboxOptions.secretKey) { request in
                try await Self.exchange(request, with: handler)
            }
            gatewaySettings.set(GatewaySettings(publicURL: "http://in-process\(SandboxRoutes.mountPath)",
                                                clientKey: config.sandboxOptions.clientKey))
            await payments.start(gateway: gateway)
        }
        try await startBackgroundWork()
    }

    /// One request through the API handler, exactly as the transport hands it over (its
    /// `remoteAddress` stands for the peer).
    public nonisolated func respond(to request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await handler.handleRequest(request)
        } catch {
            return APIFailure.internalError.response
        }
    }

    /// A client-shaped exchange with the handler (the payment worker's view of the sandbox).
    static func exchange(_ request: ClientRequest, with handler: APIHandler) async throws -> ClientResponse {
        let split = request.path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers = HTTPHeaders()
        for (name, value) in request.headers { headers.addValue(value, for: HTTPHeader(name)) }
        if let body = request.body { headers[.contentLength] = String(body.count) }
        let incoming = HTTPRequest(method: HTTPMethod(request.method), version: .http11,
                                   target: .init(path: String(split[0]), query: split.count > 1 ? String(split[1]) : ""),
                                   headers: headers, body: HTTPBodySequence(data: request.body ?? Data()),
                                   remoteAddress: .ip4("127.0.0.1", port: 0))
        let response = try await handler.handleRequest(incoming)
        var answer = [String: String]()
        for (name, value) in response.headers { answer[name.rawValue.lowercased()] = value }
        return ClientResponse(status: response.statusCode.code, headers: answer, body: try await response.bodyData)
    }
}
