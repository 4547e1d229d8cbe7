import Foundation
import PaymentSandbox
import Testing
import TicketingClient
import TicketingProtocol
@testable import TicketingServer

@Suite("Charges without a paid order are refunded")
struct StrayChargeSweepTests {
    /// Charges straight at the gateway, as a lost commit, a restore or an operator would leave them.
    private func charge(_ server: TestServer, orderId: String, amount: Int) async throws -> String {
        let api = server.client()
        let checkout = try await api.post("/sandbox-gateway/v1/sandbox/checkout",
                                          body: SandboxCheckoutRequest(clientKey: SandboxOptions().clientKey, orderId: orderId,
                                                                       amount: amount,
                                                                       card: .init(number: "4242 4242 4242 4242", expiry: "12/30")),
                                          as: SandboxCheckoutResponse.self)
        let gateway = try TossPaymentsClient(endpoint: TossEndpoint(host: "127.0.0.1", port: server.port, basePath: "/sandbox-gateway"),
                                             secretKey: SandboxOptions().secretKey)
        let payment = try await gateway.confirm(paymentKey: checkout.paymentKey, orderId: orderId, amount: amount,
                                                idempotencyKey: "direct-\(orderId)")
        #expect(payment.status == .done)
        return checkout.paymentKey
    }

    @Test func chargesForUnknownOrUnpaidOrdersAreRefundedAndPaidOnesLeftAlone() async throws {
        let paidBuyer = try await CheckoutFixture.make()
        let server = paidBuyer.show.server
        defer { Task { await server.stop() } }
        let (paidOrder, paid) = try await paidBuyer.orderAndPay(card: "4242 4242 4242 4242")
        #expect(paid.status == "paid")

        // An order the server never made, and one it holds as pending_payment (its pay lost).
        let unknownOrder = "restored-" + UUID().uuidString.prefix(8).lowercased()
        let unknownKey = try await charge(server, orderId: unknownOrder, amount: 55_000)
        let pendingBuyer = try await CheckoutFixture.make(show: paidBuyer.show)
        let pendingOrder = try await pendingBuyer.buyer.post("/v1/orders", body: QuoteRequest(holdId: pendingBuyer.hold.holdId),
                                                              as: OrderDTO.self)
        let pendingKey = try await charge(server, orderId: pendingOrder.orderId, amount: pendingOrder.total)

        let report = try #require(await server.server.sweepStrayCharges())
        #expect(Set(report.refunded) == [unknownKey, pendingKey])
        #expect(report.flagged.isEmpty && report.checked == 3)
        #expect(try await paidBuyer.charges(unknownOrder).map(\.status) == ["refunded"])
        #expect(try await pendingBuyer.charges(pendingOrder.orderId).map(\.status) == ["refunded"])
        #expect(try await paidBuyer.charges(paidOrder.orderId).map(\.status) == ["charged"])
        #expect(try await paidBuyer.waitForFinal(paidOrder.orderId).status == "paid")
        #expect(try await metricValue(server, #"qticket_stray_charges_total{action="refunded"}"#) == 2)

        // Nothing is refunded twice: the next pass finds the refunds done.
        let again = try #require(await server.server.sweepStrayCharges())
        #expect(again.refunded.isEmpty && again.flagged.isEmpty)
        #expect(try await metricValue(server, #"qticket_stray_charges_total{action="refunded"}"#) == 2)
    }
}
