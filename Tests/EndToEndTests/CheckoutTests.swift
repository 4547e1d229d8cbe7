import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer
import RouteTesting

struct SandboxCharges: Codable { var charges: [Charge]; struct Charge: Codable { var paymentKey: String; var amount: Int; var status: String } }

/// An admitted buyer with a hold, ready to order.
struct CheckoutFixture {
    let show: ShowFixture
    let buyer: APIClient
    let auth: AuthResponse
    let hold: HoldDTO

    static func make(seats: Int = 2, gradeIndex: Int = 0, show existing: ShowFixture? = nil) async throws -> CheckoutFixture {
        let show: ShowFixture
        if let existing { show = existing } else { show = try await ShowFixture.make(rate: 1_000, maxActive: 1_000) }
        let (buyer, auth) = try await show.server.signedUp("buyer")
        _ = try await show.join(buyer)
        let status = try await show.waitForStatus(buyer) { $0.state == "admitted" }
        let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                        body: CreateHoldRequest(grade: show.hall.grades[gradeIndex].grade, count: seats),
                                        as: HoldDTO.self, headers: ["X-Admission-Token": status.admissionToken ?? ""])
        return CheckoutFixture(show: show, buyer: buyer, auth: auth, hold: hold)
    }

    /// Orders, passes the sandbox checkout with `card`, asks to pay and waits for a final status.
    func orderAndPay(card: String, coupons: [String]? = nil) async throws -> (OrderDTO, OrderDTO) {
        let order = try await buyer.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId, userCouponIds: coupons),
                                         as: OrderDTO.self)
        let payment = try #require(order.payment)
        let gateway = show.server.client()
        let gatewayPath = URL(string: payment.gatewayUrl)?.path ?? ""
        let checkout = try await gateway.post(gatewayPath + "/v1/sandbox/checkout",
                                              body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId,
                                                                           amount: payment.amount,
                                                                           card: .init(number: card, expiry: "12/30")),
                                              as: SandboxCheckoutResponse.self)
        let accepted = try await buyer.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: checkout.paymentKey),
                                            as: OrderStatusDTO.self)
        #expect(accepted.status == "payment_processing")
        let final = try await waitForFinal(order.orderId)
        return (order, final)
    }

    /// The same seats held again (a failed order let them go), for another try.
    func holdAgain() async throws -> CheckoutFixture {
        let status = try await show.waitForStatus(buyer) { $0.state == "admitted" }
        let again = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                         body: CreateHoldRequest(seatIds: hold.seatIds), as: HoldDTO.self,
                                         headers: ["X-Admission-Token": status.admissionToken ?? ""])
        return CheckoutFixture(show: show, buyer: buyer, auth: auth, hold: again)
    }

    func waitForFinal(_ orderId: String, timeout: Duration = .seconds(30)) async throws -> OrderDTO {
        let deadline = ContinuousClock.now + timeout
        while true {
            let order = try await buyer.get("/v1/orders/\(orderId)", as: OrderDTO.self)
            if ["paid", "failed", "cancelled", "refunded"].contains(order.status) || ContinuousClock.now > deadline { return order }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func charges(_ orderId: String) async throws -> [SandboxCharges.Charge] {
        try await show.server.client().get("/sandbox-gateway/v1/sandbox/charges?orderId=\(orderId)", as: SandboxCharges.self).charges
    }
}

@Suite("Checkout and payment end to end")
struct CheckoutTests {
    @Test func joinAdmitHoldQuoteOrderPayPaid() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let quote = try await fixture.buyer.post("/v1/orders/quote", body: QuoteRequest(holdId: fixture.hold.holdId),
                                                 as: QuoteDTO.self)
        #expect(quote.subtotal == fixture.hold.amount && quote.discount == 0 && quote.total == quote.subtotal)
        let (order, final) = try await fixture.orderAndPay(card: "4242 4242 4242 4242")
        #expect(final.status == "paid")
        #expect(final.total == order.total)
        let charges = try await fixture.charges(order.orderId)
        #expect(charges.count == 1 && charges.first?.amount == order.total && charges.first?.status == "charged")
        let seats = try await fixture.show.server.client().seats(fixture.show.performance.id)
        #expect(Set(seats.seats.filter { $0.state == .sold }.map(\.id)) == Set(fixture.hold.seatIds))
        // Paying again answers the final status and charges nothing more.
        let again = try await fixture.buyer.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: "whatever"),
                                                 as: OrderStatusDTO.self)
        #expect(again.status == "paid")
        #expect(try await fixture.charges(order.orderId).count == 1)
        let mine = try await fixture.buyer.get("/v1/me/orders", as: OrderList.self)
        #expect(mine.orders.map(\.orderId) == [order.orderId])
    }

    @Test func declinedCardFailsAndPutsTheSeatsBackOnSaleAtOnce() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let (order, final) = try await fixture.orderAndPay(card: "4000 0000 0000 0002")
        #expect(final.status == "failed")
        #expect(final.failureCode == "REJECT_CARD_PAYMENT")
        #expect(try await fixture.charges(order.orderId).isEmpty)
        // A failed order is final: its seats are on sale now, not when the 300-s hold would end.
        let api = fixture.show.server.client()
        let deadline = ContinuousClock.now + .seconds(10)
        var states: [SeatState] = []
        repeat {
            states = try await api.seats(fixture.show.performance.id).seats
                .filter { fixture.hold.seatIds.contains($0.id) }.map(\.state)
            if states.allSatisfy({ $0 == .available }) { break }
            try await Task.sleep(for: .milliseconds(20))
        } while ContinuousClock.now < deadline
        #expect(states == Array(repeating: .available, count: fixture.hold.seatIds.count))
        // Another buyer can hold those very seats.
        let (other, _) = try await fixture.show.server.signedUp("buyer")
        _ = try await fixture.show.join(other)
        let admitted = try await fixture.show.waitForStatus(other) { $0.state == "admitted" }
        let taken = try await other.post("/v1/performances/\(fixture.show.performance.id)/holds",
                                         body: CreateHoldRequest(seatIds: fixture.hold.seatIds), as: HoldDTO.self,
                                         headers: ["X-Admission-Token": admitted.admissionToken ?? ""])
        #expect(Set(taken.seatIds) == Set(fixture.hold.seatIds))
        // The declined order's hold is gone with it: trying again starts from a new hold.
        let again = try await fixture.buyer.send(method: "POST", path: "/v1/orders",
                                                 body: try WireJSON.encode(QuoteRequest(holdId: fixture.hold.holdId)),
                                                 headers: ["Content-Type": "application/json"])
        #expect(again.status == 410)
    }

    @Test func refundReturnsSeatsAndMoney() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let (order, paid) = try await fixture.orderAndPay(card: "4242424242424242")
        #expect(paid.status == "paid")
        let cancel = try await fixture.buyer.post("/v1/orders/\(order.orderId)/cancel", as: OrderStatusDTO.self)
        #expect(["refund_processing", "refunded"].contains(cancel.status))
        let final = try await fixture.waitForFinal(order.orderId)
        #expect(final.status == "refunded")
        #expect(try await fixture.charges(order.orderId).map(\.status) == ["refunded"])
        let seats = try await fixture.show.server.client().seats(fixture.show.performance.id)
        #expect(seats.seats.filter { fixture.hold.seatIds.contains($0.id) }.allSatisfy { $0.state == .available })
    }

    @Test func otherBuyersCannotSeeOrPayAnOrder() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let order = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId), as: OrderDTO.self)
        let (stranger, _) = try await fixture.show.server.signedUp("buyer")
        let read = await #expect(throws: APIError.self) { _ = try await stranger.get("/v1/orders/\(order.orderId)", as: OrderDTO.self) }
        #expect(read?.status == 404)
        let quote = await #expect(throws: APIError.self) {
            _ = try await stranger.post("/v1/orders/quote", body: QuoteRequest(holdId: fixture.hold.holdId), as: QuoteDTO.self)
        }
        #expect(quote?.status == 410)
    }
}

@Suite("Checkout timing: pushes and expiry")
struct CheckoutTimingTests {
    @Test func paidStatusIsPushedAsOrderUpdated() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: fixture.show.server.port, path: "/v1/ws?token=\(fixture.auth.token)")
        try await socket.sendJSON(ClientSocketMessage(type: "seats.subscribe", performanceId: fixture.show.performance.id))
        _ = try await socket.nextJSON(SeatsSnapshotPush.self, timeout: 30)
        let (order, final) = try await fixture.orderAndPay(card: "4242424242424242")
        #expect(final.status == "paid")
        var pushed: OrderUpdatedPush?
        while pushed == nil, case .text(let text)? = try await socket.receive(timeout: 30) {
            if try WireJSON.decode(SocketEnvelope.self, from: Data(text.utf8)).type == "order.updated" {
                pushed = try WireJSON.decode(OrderUpdatedPush.self, from: Data(text.utf8))
            }
        }
        #expect(pushed?.orderId == order.orderId && pushed?.status == "paid")
        await socket.close()
    }

    @Test func unpaidOrdersExpireWithTheirHold() async throws {
        let clock = TestClock()
        let show = try await ShowFixture.make(rate: 1_000, maxActive: 100, hold: 60, clock: clock.wallClock)
        defer { Task { await show.server.stop() } }
        let fixture = try await CheckoutFixture.make(show: show)
        let order = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId), as: OrderDTO.self)
        clock.advance(by: 61)
        let final = try await fixture.waitForFinal(order.orderId)
        #expect(final.status == "cancelled")
        let late = await #expect(throws: APIError.self) {
            _ = try await fixture.buyer.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: "pk"),
                                             as: OrderStatusDTO.self)
        }
        #expect(late?.code == "order_state")
        let seats = try await show.server.client().seats(show.performance.id)
        #expect(seats.seats.filter { fixture.hold.seatIds.contains($0.id) }.allSatisfy { $0.state == .available })
    }
}
