import Foundation
import RouteTesting
import Testing
import TicketingProtocol

/// Pay, cancel and refund through the routes of an in-process server, paying through the
/// mounted sandbox in-process too; the decisions themselves are OrderPolicy's (domain tests).
@Suite("Order routes, in-process")
struct OrderRouteTests {
    /// An admitted buyer's paid order for two seats of `show`.
    static func paidOrder(_ server: InProcessServer, _ show: RouteShow) async throws -> (RouteClient, OrderDTO) {
        let (buyer, order) = try await submittedOrder(server, show, seats: 2)
        #expect(try await waitForStatus(buyer, order.orderId, in: ["paid", "failed"]) == "paid")
        return (buyer, order)
    }

    /// An admitted buyer's order for `seats` seats of `show`, paid at the sandbox and submitted
    /// (`POST …/pay` accepted as `payment_processing`); the confirm is the worker's.
    static func submittedOrder(_ server: InProcessServer, _ show: RouteShow, seats: Int,
                               card: String = "4242424242424242") async throws -> (RouteClient, OrderDTO) {
        let (buyer, _) = try await RouteShow.signedUp(server, "buyer")
        _ = try await show.join(buyer)
        let status = try await show.waitForStatus(buyer) { $0.state == "admitted" }
        let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                        body: CreateHoldRequest(grade: show.hall.grades[0].grade, count: seats),
                                        as: HoldDTO.self, headers: ["X-Admission-Token": status.admissionToken ?? ""])
        let order = try await buyer.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId), as: OrderDTO.self)
        let payment = try #require(order.payment)
        let checkout = try await server.client().post(
            (URL(string: payment.gatewayUrl)?.path ?? "") + "/v1/sandbox/checkout",
            body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId, amount: payment.amount,
                                         card: .init(number: card, expiry: "12/30")),
            as: SandboxCheckoutResponse.self)
        let accepted = try await buyer.post("/v1/orders/\(order.orderId)/pay",
                                            body: PayRequest(paymentKey: checkout.paymentKey), as: OrderStatusDTO.self)
        #expect(accepted.status == "payment_processing")
        return (buyer, order)
    }

    static func waitForStatus(_ client: RouteClient, _ orderId: String, in final: Set<String>) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let order = try await client.get("/v1/orders/\(orderId)", as: OrderDTO.self)
            if final.contains(order.status) || ContinuousClock.now > deadline { return order.status }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func refundsCloseAtThePerformancesCutoffButNotForTheSeller() async throws {
        try await InProcessServer.test { server in
            // The show starts in 30 days; refunds closed 31 days before it.
            let show = try await RouteShow.make(on: server, rate: 1_000, maxActive: 100, refundCutoffHours: 31 * 24)
            let (buyer, order) = try await Self.paidOrder(server, show)
            let refused = await #expect(throws: RouteError.self) {
                _ = try await buyer.post("/v1/orders/\(order.orderId)/cancel", as: OrderStatusDTO.self)
            }
            #expect(refused?.status == 409 && refused?.code == "order_state")
            let stranger = try await RouteShow.signedUp(server, "buyer").0
            let hidden = await #expect(throws: RouteError.self) {
                _ = try await stranger.post("/v1/orders/\(order.orderId)/cancel", as: OrderStatusDTO.self)
            }
            #expect(hidden?.status == 404)
            let accepted = try await show.seller.post("/v1/orders/\(order.orderId)/cancel", as: OrderStatusDTO.self)
            #expect(accepted.status == "refund_processing")
            #expect(try await Self.waitForStatus(buyer, order.orderId, in: ["refunded"]) == "refunded")
            // Asking again changes nothing and says so.
            let again = try await buyer.send(method: "POST", path: "/v1/orders/\(order.orderId)/cancel")
            #expect(again.status == 200 && again.text.contains("refunded"))
        }
    }

    @Test func payingTwiceNeverChargesTwice() async throws {
        try await InProcessServer.test { server in
            let show = try await RouteShow.make(on: server, rate: 1_000, maxActive: 100)
            let (buyer, order) = try await Self.paidOrder(server, show)
            let again = try await buyer.send(method: "POST", path: "/v1/orders/\(order.orderId)/pay",
                                             body: try WireJSON.encode(PayRequest(paymentKey: "pk_other")))
            #expect(again.status == 200 && again.text.contains("\"paid\""))
            let charges = try await server.client().send(
                method: "GET", path: "/sandbox-gateway/v1/sandbox/charges?orderId=\(order.orderId)")
            #expect(charges.isSuccess && charges.text.components(separatedBy: "\"paymentKey\"").count == 2,
                    "one charge: \(charges.text)")
        }
    }
}
