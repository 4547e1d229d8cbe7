import FlyingFox
import FlyingSocks
import Foundation
import PaymentSandbox
import Testing
@testable import TicketingServer

@Suite("Mounting the sandbox on another server")
struct MountTests {
    @Test func prefixHandlerServesTheGatewayUnderItsBasePath() async throws {
        try await withSandbox(prefix: "/sandbox-gateway") { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 2_000, card: Card.approve)
            #expect(try await sandbox.gateway().confirm(paymentKey: key, orderId: orderId, amount: 2_000,
                                                        idempotencyKey: "m").status == .done)
            let handler = PaymentSandboxHandler(sandbox: sandbox.sandbox, prefix: "/sandbox-gateway")
            #expect(handler.relativePath(of: "/sandbox-gateway/v1/payments/confirm") == "/v1/payments/confirm")
            #expect(handler.relativePath(of: "/sandbox-gatewayX/v1") == nil)
            #expect(handler.relativePath(of: "/v1/payments/confirm") == nil)
        }
    }

    /// The way qticketd mounts it: `SandboxRoutes` on QueueTicket's router, every route under
    /// `/sandbox-gateway`, the lost-response fault included.
    @Test func routerMountServesEveryRouteAndDropsLostResponses() async throws {
        let sandbox = try PaymentSandbox(directory: nil, options: SandboxHarness.options, clock: { SandboxHarness.now })
        var router = Router()
        SandboxRoutes(sandbox: sandbox).register(into: &router)
        #expect(router.routes.map(\.pattern).allSatisfy { $0.hasPrefix("/sandbox-gateway/v1/") })
        #expect(router.routes.count == SandboxRoute.allCases.count)

        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), logger: .disabled,
                                handler: RouterHandler(router: router))
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening(timeout: 30)
        guard case .ip4(_, let port) = await server.listeningAddress else { throw HarnessError("not listening") }
        let harness = SandboxHarness(server: try PaymentSandboxServer(sandbox: sandbox), sandbox: sandbox,
                                     port: port, prefix: SandboxRoutes.mountPath, directory: nil)
        let gateway = try harness.gateway()

        let orderId = newOrderId()
        let key = try await harness.checkout(orderId: orderId, amount: 3_000, card: Card.approve)
        #expect(try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 3_000, idempotencyKey: "r").status == .done)
        let lostOrder = newOrderId()
        let lostKey = try await harness.checkout(orderId: lostOrder, amount: 3_000, card: Card.lostResponse)
        let lost = await gatewayError {
            try await gateway.confirm(paymentKey: lostKey, orderId: lostOrder, amount: 3_000, idempotencyKey: "l")
        }
        #expect(lost?.isUnknown == true)
        #expect(try await gateway.payment(orderId: lostOrder)?.status == .done)
        #expect(try await harness.charges(orderId: lostOrder).count == 1)
        await server.stop()
    }
}

/// Routes like QueueTicket's APIHandler does, without the rest of the server around it.
private struct RouterHandler: HTTPHandler {
    let router: Router

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard case .found(let route, let params) = router.match(method: request.method, path: request.path) else {
            return HTTPResponse(statusCode: .notFound)
        }
        return try await route.handler(RequestContext(request: request, params: params, requestId: "test"))
    }
}
