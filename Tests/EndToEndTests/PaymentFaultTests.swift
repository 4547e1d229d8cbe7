import Foundation
import PaymentSandbox
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

@Suite("Every sandbox fault ends in the right final state with exactly one charge")
struct PaymentFaultTests {
    /// Short timings so the slow paths run in a second or two.
    static func fastShow() async throws -> ShowFixture {
        let server = try await TestServer.start { config in
            config.paymentTimeout = 0.8
            config.sandboxOptions = SandboxOptions(failingAttempts: 2, timeoutHold: .milliseconds(1_500),
                                                   slowDelay: .milliseconds(300))
            config.paymentBackoff = (.milliseconds(20), .milliseconds(200))
        }
        return try await ShowFixture.make(on: server, rate: 1_000, maxActive: 1_000)
    }

    @Test(arguments: [
        ("4242 4242 4242 4242", "paid"),       // approves
        ("4000 0000 0000 0500", "paid"),       // 5xx twice, then approves: retried under one key
        ("4000 0000 0000 0408", "paid"),       // times out, charges late: reconciled by query
        ("4000 0000 0000 0444", "paid"),       // charged but the response is lost: reconciled
        ("4000 0000 0000 2000", "paid"),       // slow
        ("4000 0000 0000 0002", "failed"),     // declined
        ("4000 0000 0000 9995", "failed"),     // insufficient funds
    ])
    func cardFaults(card: String, expected: String) async throws {
        let show = try await Self.fastShow()
        defer { Task { await show.server.stop() } }
        let fixture = try await CheckoutFixture.make(show: show)
        let (order, final) = try await fixture.orderAndPay(card: card)
        #expect(final.status == expected, "card \(card)")
        let charges = try await fixture.charges(order.orderId)
        #expect(charges.count == (expected == "paid" ? 1 : 0), "card \(card): \(charges)")
        if expected == "paid" { #expect(charges.first?.amount == order.total) }
        let seats = try await show.server.client().seats(show.performance.id)
        let mine = seats.seats.filter { fixture.hold.seatIds.contains($0.id) }
        #expect(mine.allSatisfy { $0.state == (expected == "paid" ? .sold : .available) }, "card \(card)")
    }

    @Test func gatewayDownForAWhileStillEndsPaidOnce() async throws {
        let show = try await Self.fastShow()
        defer { Task { await show.server.stop() } }
        let fixture = try await CheckoutFixture.make(show: show)
        let api = show.server.client()
        _ = try await api.send(method: "POST", path: "/sandbox-gateway/v1/sandbox/faults",
                               body: Data(#"{"failNextConfirms":3}"#.utf8), headers: ["Content-Type": "application/json"])
        let (order, final) = try await fixture.orderAndPay(card: "4242424242424242")
        #expect(final.status == "paid")
        #expect(try await fixture.charges(order.orderId).count == 1)
    }
}
