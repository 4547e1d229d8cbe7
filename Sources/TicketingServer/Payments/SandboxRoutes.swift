import FlyingFox
import PaymentSandbox

/// Mounts the payment sandbox on QueueTicket's router under `/sandbox-gateway`, so
/// `qticketd --payment-sandbox` serves the gateway on its own port and clients get
/// `gatewayUrl = http://host:port/sandbox-gateway`.
struct SandboxRoutes {
    static let mountPath = "/sandbox-gateway"

    let sandbox: PaymentSandbox

    func register(into router: inout Router) {
        for route in SandboxRoute.allCases {
            router.add(route.method, Self.mountPath + route.pattern) { [sandbox] ctx in
                await sandbox.handle(ctx.requestWithHeaders, path: String(ctx.request.path.dropFirst(Self.mountPath.count)))
            }
        }
    }
}
