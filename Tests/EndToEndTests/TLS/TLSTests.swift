import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

/// A `qticketd` serving TLS with a certificate from the test CA (`TestPKI`); `client()` trusts it.
func tlsServer(_ pki: TestPKI, cert: String? = nil, key: String? = nil, host: String = "127.0.0.1",
               logSink: LogSink = .discard) async throws -> TestServer {
    try await TestServer.start(clientTLS: try pki.trust()) { config in
        config.tls = (certPath: cert ?? pki.serverCert, keyPath: key ?? pki.serverKey)
        config.host = host
        config.logSink = logSink
    }
}

private let health = ClientRequest(method: "GET", path: "/health")

@Suite("HTTPS and WSS through the TLS terminator")
struct TLSTests {
    @Test func httpsVerifiesTheServerByAddressAndByNameAndKeepsTheConnection() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        for host in ["127.0.0.1", "localhost"] {
            let client = HTTPClient(host: host, port: server.port, timeout: 30, tls: try pki.trust())
            for _ in 0..<3 {
                #expect(try await client.send(health).status == 200)
            }
            // Kept alive across requests: idle TLS connections pass the reuse check.
            #expect(await client.connectionsOpened == 1)
            await client.close()
        }
    }

    /// A seat map is larger than one TLS record (16 KiB): several records per response, partial writes,
    /// many relays at once.
    @Test func concurrentClientsGetWholeAnswersThroughTheRelay() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        let show = try await ShowFixture.make(on: server, rate: 1_000, maxActive: 1_000)
        let path = "/v1/performances/\(show.performance.id)/seats"
        let expected = try await server.client().send(method: "GET", path: path)
        #expect(expected.status == 200)
        #expect(expected.body.count > 16 * 1024)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let api = server.client()
                    for _ in 0..<5 {
                        let response = try await api.send(method: "GET", path: path)
                        #expect(response.status == 200 && response.body == expected.body)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func webSocketOverWSSAnswersABadMessageWithAnError() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        let (_, auth) = try await server.signedUp("buyer")
        let socket = WebSocketClient(timeout: 30)
        try await socket.connect(host: "127.0.0.1", port: server.port, path: "/v1/ws?token=\(auth.token)",
                                 tls: try pki.trust())
        try await socket.send(text: "not json")
        let reply = try await socket.nextJSON(SocketErrorMessage.self, timeout: 30)
        #expect(reply.type == "error")
        #expect(reply.code == "bad_request")
        try await socket.ping(timeout: 30)
        await socket.close()
        #expect(await socket.serverClose?.code == WebSocketClose.normalClosure)
    }

    @Test func theSystemTrustStoreRefusesACertificateFromTheTestCA() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30, tls: try TLSOptions())
        await #expect {
            _ = try await client.send(health)
        } throws: { error in
            guard case HTTPClientError.tls(.certificateRejected(let reason)) = error else { return false }
            return reason.contains("issuer")
        }
        await #expect {
            try await WebSocketClient(timeout: 30).connect(host: "127.0.0.1", port: server.port, path: "/v1/ws",
                                                           tls: try TLSOptions())
        } throws: { error in
            guard case WebSocketError.tls(.certificateRejected) = error else { return false }
            return true
        }
    }

    @Test func aCertificateForAnotherNameIsRefused() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki, cert: pki.otherCert, key: pki.otherKey)
        defer { Task { await server.stop() } }
        for host in ["127.0.0.1", "localhost"] {
            let client = HTTPClient(host: host, port: server.port, timeout: 30, tls: try pki.trust())
            await #expect {
                _ = try await client.send(health)
            } throws: { error in
                guard case HTTPClientError.tls(.certificateRejected(let reason)) = error else { return false }
                return reason.contains("mismatch")
            }
        }
    }

    @Test func plainHTTPToTheTLSPortGetsAPlainRefusalAndTheServerKeepsServing() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        let plain = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
        let refusal = try await plain.send(health)
        #expect(refusal.status == 400)
        let envelope = try WireJSON.decode(ErrorEnvelope.self, from: refusal.body)
        #expect(envelope.error.code == "bad_request")
        #expect(envelope.error.message.contains("https://"))
        // A client that gives up halfway through its ClientHello, and one that sends noise.
        let halfHello = try RawSocket(port: server.port)
        halfHello.write([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00])
        // Its receive timeout is below the server's 10 s TLS handshake timeout: only a prompt close passes.
        let noise = try RawSocket(port: server.port, timeoutSeconds: 8)
        noise.write(Array(repeating: 0xFF, count: 64))
        #expect(await noise.closedByPeer(), "noise is answered by a close, not by waiting")
        _ = halfHello
        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30, tls: try pki.trust())
        #expect(try await client.send(health).status == 200)
    }

    /// The address per-address limits and the access log key on. Over IPv6 the difference shows:
    /// the client is ::1, while the terminator reaches FlyingFox from 127.0.0.1. A forged
    /// X-Forwarded-For changes nothing.
    @Test func theClientAddressIsTheTLSClientsNotTheTerminators() async throws {
        let pki = try await TestPKI.shared()
        let lines = CapturedLines()
        let server = try await tlsServer(pki, host: "::1", logSink: LogSink { lines.append($0) })
        defer { Task { await server.stop() } }
        let client = HTTPClient(host: "::1", port: server.port, timeout: 30, tls: try pki.trust())
        let forged = ClientRequest(method: "GET", path: "/health", headers: ["X-Forwarded-For": "203.0.113.9"])
        #expect(try await client.send(forged).status == 200)
        let access = lines.json().first { $0["url.path"] as? String == "/health" }
        #expect(access?["client.address"] as? String == "::1")
    }

    @Test func aBuyerPaysThroughTheSandboxBehindTLS() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        let show = try await ShowFixture.make(on: server, rate: 1_000, maxActive: 1_000)
        let (order, final) = try await CheckoutFixture.make(show: show).orderAndPay(card: "4242424242424242")
        #expect(order.payment?.gatewayUrl == "https://127.0.0.1:\(server.port)/sandbox-gateway")
        #expect(final.status == "paid")
    }

    @Test func tossClientConfirmsOverHTTPSWithTheCAAndFailsRetryablyWithout() async throws {
        let pki = try await TestPKI.shared()
        let server = try await tlsServer(pki)
        defer { Task { await server.stop() } }
        let sandbox = ServerConfig(dataDirectory: server.dataDirectory).sandboxOptions
        let endpoint = try #require(TossEndpoint(url: "https://127.0.0.1:\(server.port)/sandbox-gateway"))
        let orderId = "tls-\(UUID().uuidString.prefix(8))"
        let checkout = try await server.client().post(
            "/sandbox-gateway/v1/sandbox/checkout",
            body: SandboxCheckoutRequest(clientKey: sandbox.clientKey, orderId: orderId, amount: 15_000,
                                         card: .init(number: "4242424242424242", expiry: "12/30")),
            as: SandboxCheckoutResponse.self)
        let gateway = try TossPaymentsClient(endpoint: endpoint, secretKey: sandbox.secretKey, timeout: 30,
                                             tls: try pki.trust())
        let paid = try await gateway.confirm(paymentKey: checkout.paymentKey, orderId: orderId, amount: 15_000,
                                             idempotencyKey: "confirm-\(orderId)")
        #expect(paid.status == .done)
        #expect(try await gateway.payment(orderId: orderId)?.totalAmount == 15_000)
        await gateway.close()

        let untrusting = try TossPaymentsClient(endpoint: endpoint, secretKey: sandbox.secretKey, timeout: 30)
        await #expect {
            _ = try await untrusting.payment(orderId: orderId)
        } throws: { error in
            guard case PaymentGatewayError.retryable(let code, _) = error else { return false }
            return code == "TLS_FAILED"
        }
    }
}
