import Foundation
import PaymentSandbox
import Testing
import TicketingClient
import TicketingServer

/// A sandbox gateway on its own FlyingFox server on 127.0.0.1, driven over real sockets.
struct SandboxHarness: Sendable {
    static let secretKey = "test_sk_harness"
    static let clientKey = "test_ck_harness"
    /// 2026-05-15 12:00 KST: what the sandbox believes "now" is.
    static let now = Date(timeIntervalSince1970: 1_778_814_000)
    static let options = SandboxOptions(clientKey: clientKey, secretKey: secretKey, failingAttempts: 2,
                                        timeoutHold: .milliseconds(1500), slowDelay: .milliseconds(300))

    let server: PaymentSandboxServer
    let sandbox: PaymentSandbox
    let port: UInt16
    let prefix: String
    let directory: URL?

    static func start(directory: URL? = nil, prefix: String = "",
                      options: SandboxOptions = options) async throws -> SandboxHarness {
        let sandbox = try PaymentSandbox(directory: directory, options: options, clock: { now })
        let server = try PaymentSandboxServer(sandbox: sandbox, prefix: prefix)
        try await server.start()
        return SandboxHarness(server: server, sandbox: sandbox, port: try await server.port(), prefix: prefix,
                              directory: directory)
    }

    var endpoint: TossEndpoint { TossEndpoint(host: "127.0.0.1", port: port, basePath: prefix) }

    func gateway(timeout: TimeInterval = 30, secretKey: String = secretKey) throws -> TossPaymentsClient {
        try TossPaymentsClient(endpoint: endpoint, secretKey: secretKey, timeout: timeout)
    }

    /// What the buyer's payment window does: authenticates a card and gets a `paymentKey`.
    func checkout(orderId: String, amount: Int, card: String, expiry: String = "12/29",
                  clientKey: String = clientKey) async throws -> String {
        let response = try await raw("POST", "/v1/sandbox/checkout", json: [
            "clientKey": clientKey, "orderId": orderId, "amount": amount,
            "card": ["number": card, "expiry": expiry],
        ])
        guard response.status == 200,
              let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let key = object["paymentKey"] as? String else {
            throw HarnessError("checkout answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        return key
    }

    /// `GET /v1/sandbox/charges` over HTTP, as an acceptance test would read it.
    func charges(orderId: String) async throws -> [SandboxCharge] {
        let response = try await raw("GET", "/v1/sandbox/charges?orderId=\(orderId)")
        struct Charges: Decodable { var charges: [SandboxCharge] }
        return try JSONDecoder().decode(Charges.self, from: response.body).charges
    }

    func raw(_ method: String, _ path: String, json: [String: Any]? = nil,
             headers: [String: String] = [:]) async throws -> ClientResponse {
        let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 30)
        var headers = headers
        var body: Data?
        if let json {
            body = try JSONSerialization.data(withJSONObject: json)
            headers["Content-Type"] = "application/json"
        }
        do {
            let response = try await client.send(ClientRequest(method: method, path: prefix + path,
                                                               headers: headers, body: body))
            await client.close()
            return response
        } catch {
            await client.close()
            throw error
        }
    }

    func stop() async { await server.stop() }
}

/// Runs `body` against a fresh in-memory sandbox and stops it however `body` ends.
func withSandbox(prefix: String = "", options: SandboxOptions = SandboxHarness.options,
                 _ body: (SandboxHarness) async throws -> Void) async throws {
    let harness = try await SandboxHarness.start(prefix: prefix, options: options)
    do {
        try await body(harness)
        await harness.stop()
    } catch {
        await harness.stop()
        throw error
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh Toss-valid order id.
func newOrderId() -> String { "order-" + UUID().uuidString.prefix(13).lowercased() }

func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)", isDirectory: true)
}

enum Card {
    static let approve = "4242 4242 4242 4242"
    static let decline = "4000 0000 0000 0002"
    static let insufficientFunds = "4000 0000 0000 9995"
    static let failFirst = "4000 0000 0000 0500"
    static let timeout = "4000 0000 0000 0408"
    static let lostResponse = "4000 0000 0000 0444"
    static let slow = "4000 0000 0000 2000"
}

/// The gateway error `body` throws; records an issue when it succeeds or throws something else.
func gatewayError(_ body: () async throws -> some Sendable,
                  sourceLocation: SourceLocation = #_sourceLocation) async -> PaymentGatewayError? {
    do {
        let value = try await body()
        Issue.record("expected a gateway error, got \(value)", sourceLocation: sourceLocation)
    } catch let error as PaymentGatewayError {
        return error
    } catch {
        Issue.record("expected a PaymentGatewayError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

extension PaymentGatewayError {
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
    var declinedCode: String? { if case .declined(let code, _) = self { code } else { nil } }
    var retryableCode: String? { if case .retryable(let code, _) = self { code } else { nil } }
}
