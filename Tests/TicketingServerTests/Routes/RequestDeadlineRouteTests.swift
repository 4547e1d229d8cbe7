import Foundation
import RouteTesting
import Testing
import TicketingProtocol

/// A handler still working at `requestTimeout` is answered for: 503 `service_unavailable` with
/// `Retry-After`, in time for a load balancer that would otherwise count the node as failed.
@Suite("Request deadline, in-process")
struct RequestDeadlineRouteTests {
    @Test func aHandlerPastTheDeadlineIsAnswered503AndTheNextRequestIsServed() async throws {
        try await InProcessServer.test(configure: { $0.requestTimeout = 0.3 }) { server in
            let client = server.client()
            let slow = try await client.send(method: "POST", path: "/sandbox-gateway/v1/sandbox/faults",
                                             body: Data(#"{"failNextConfirms":0,"delayMilliseconds":3000}"#.utf8))
            #expect(slow.status == 200, "\(slow.text)")
            let started = ContinuousClock.now
            let checkout = try await client.send(
                method: "POST", path: "/sandbox-gateway/v1/sandbox/checkout",
                body: try WireJSON.encode(SandboxCheckoutRequest(clientKey: "test_ck_queueticket_sandbox", orderId: "ord_deadline",
                                                                 amount: 1_000, card: .init(number: "4242424242424242", expiry: "12/30"))))
            let waited = ContinuousClock.now - started
            #expect(checkout.status == 503 && checkout.text.contains("service_unavailable"), "\(checkout.text)")
            #expect(checkout.headers["retry-after"] == "1", "\(checkout.headers)")
            #expect(waited >= .milliseconds(300) && waited < .milliseconds(2_500), "answered after \(waited)")
            let health = try await client.send(method: "GET", path: "/health")
            #expect(health.status == 200)
        }
    }
}
