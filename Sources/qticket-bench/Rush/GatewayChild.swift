import Foundation

/// The payment gateway as a child of its own (`qticketd sandbox`), for `rush --gateway-process`:
/// mounted on the server (`--payment-sandbox`), the gateway's work — its ledger file, its JSON,
/// the bench's checkouts and the server's confirms arriving over HTTP — is counted as the
/// server's. The server pays through it as nodes do (docs/MULTINODE.md), and the invariants
/// read its charges through the transactions lookup.
struct GatewayChild: Sendable {
    static let secretKey = "test_sk_queueticket_sandbox"
    static let clientKey = "test_ck_queueticket_sandbox"

    let child: ChildServer
    let startedAt: Date

    static func start(binary: String, data: URL) async throws -> GatewayChild {
        let startedAt = Date()
        let directory = data.appendingPathComponent("gateway", isDirectory: true)
        let child = try await ChildServer.start(binary: binary, arguments: ["sandbox", "--port", "0",
                                                                             "--data", directory.path])
        return GatewayChild(child: child, startedAt: startedAt)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(child.port)")! }

    var serverArguments: [String] { ["--payment-gateway", url.absoluteString] }

    var serverEnvironment: [String: String] {
        ["QTICKET_PAYMENT_SECRET_KEY": Self.secretKey, "QTICKET_PAYMENT_CLIENT_KEY": Self.clientKey]
    }

    var charges: RushScene.Charges { .gateway(url: url, secretKey: Self.secretKey, since: startedAt) }
}
