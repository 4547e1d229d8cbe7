import Foundation
import PaymentSandbox
import Synchronization
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

/// The server's log, kept so a test can wait until the payment worker has run into the outage
/// for a given order (and so knows the outage was met rather than dodged).
final class WorkerTrouble: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: LogSink { LogSink { [self] line in lines.withLock { $0.append(line) } } }

    func met(_ orderId: String, _ messages: [String]) -> Bool {
        lines.withLock { $0.contains { line in line.contains(orderId) && messages.contains { line.contains($0) } } }
    }

    func waitUntilMet(_ orderIds: [String], _ messages: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !orderIds.allSatisfy({ met($0, messages) }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let unmet = orderIds.filter { !met($0, messages) }
        let seen = lines.withLock { all in all.filter { line in unmet.contains { line.contains($0) } } }
        try #require(unmet.isEmpty, "no \(messages) logged for \(unmet); their log: \(seen)")
    }
}

/// What a fault does to the gateway while it lasts, and how it is lifted.
enum GatewayOutage: String, CaseIterable, Sendable {
    /// Mounted sandbox, `downForSeconds`: every request's connection closes unanswered.
    case closesConnections
    /// Mounted sandbox, `delayMilliseconds` past the payment timeout: requests time out, yet the
    /// sandbox still processes them afterwards (charged while we were not listening).
    case timesOut
    /// Standalone sandbox stopped: connections are refused, then it starts again on its port.
    case refusesConnections
}

/// A standalone sandbox that can be stopped (connections refused) and started again on the
/// same port with the same ledger, as a gateway restart would.
actor StandaloneGateway {
    let sandbox: PaymentSandbox
    let port: UInt16
    private var server: PaymentSandboxServer?

    init() async throws {
        sandbox = try PaymentSandbox(directory: nil)
        let server = try PaymentSandboxServer(sandbox: sandbox)
        try await server.start()
        port = try await server.port()
        self.server = server
    }

    func stop() async {
        await server?.stop()
        server = nil
    }

    func start() async throws {
        guard server == nil else { return }
        let server = try PaymentSandboxServer(sandbox: sandbox, port: port)
        try await server.start()
        self.server = server
    }
}

@Suite("The gateway goes away for a while and comes back: every order ends final, charged once, refunds exact")
struct GatewayOutageTests {
    /// A qticketd and the gateway it pays through, with a switch for the outage.
    struct Rig {
        let show: ShowFixture
        let trouble: WorkerTrouble
        let gateway: APIClient
        let gatewayPath: String
        let outage: GatewayOutage
        let standalone: StandaloneGateway?

        static func make(_ outage: GatewayOutage) async throws -> Rig {
            let trouble = WorkerTrouble()
            let standalone = outage == .refusesConnections ? try await StandaloneGateway() : nil
            let gatewayPort = standalone?.port ?? 0
            let server = try await TestServer.start { [gatewayPort] config in
                config.logSink = trouble.sink
                config.logLevel = .info
                config.paymentTimeout = 0.8
                config.paymentBackoff = (.milliseconds(20), .milliseconds(200))
                if gatewayPort != 0 {
                    config.paymentSandbox = false
                    config.paymentGatewayURL = "http://127.0.0.1:\(gatewayPort)"
                    config.paymentSecretKey = SandboxOptions().secretKey
                    config.paymentClientKey = SandboxOptions().clientKey
                }
            }
            let show = try await ShowFixture.make(on: server, rate: 1_000, maxActive: 1_000)
            let gateway = gatewayPort == 0 ? server.client() : APIClient(host: "127.0.0.1", port: gatewayPort)
            return Rig(show: show, trouble: trouble, gateway: gateway,
                       gatewayPath: gatewayPort == 0 ? "/sandbox-gateway" : "", outage: outage, standalone: standalone)
        }

        func begin() async throws {
            switch outage {
            case .closesConnections: try await setFaults(#"{"downForSeconds":600}"#)
            case .timesOut: try await setFaults(#"{"delayMilliseconds":2000}"#)
            case .refusesConnections: await standalone?.stop()
            }
        }

        func end() async throws {
            switch outage {
            case .closesConnections, .timesOut:
                _ = try await gateway.send(method: "DELETE", path: gatewayPath + "/v1/sandbox/faults")
            case .refusesConnections:
                try await standalone?.start()
            }
        }

        private func setFaults(_ json: String) async throws {
            let response = try await gateway.send(method: "POST", path: gatewayPath + "/v1/sandbox/faults",
                                                  body: Data(json.utf8), headers: ["Content-Type": "application/json"])
            try #require(response.status == 200)
        }

        /// An order whose buyer passed the gateway's checkout window (while it was up).
        func checkedOutOrder() async throws -> (CheckoutFixture, OrderDTO, String) {
            let fixture = try await CheckoutFixture.make(show: show)
            let order = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId),
                                                     as: OrderDTO.self)
            let payment = try #require(order.payment)
            let checkout = try await gateway.post(gatewayPath + "/v1/sandbox/checkout",
                                                  body: SandboxCheckoutRequest(clientKey: payment.clientKey,
                                                                               orderId: order.orderId,
                                                                               amount: payment.amount,
                                                                               card: .init(number: "4242424242424242",
                                                                                           expiry: "12/30")),
                                                  as: SandboxCheckoutResponse.self)
            return (fixture, order, checkout.paymentKey)
        }

        func charges(_ orderId: String) async throws -> [SandboxCharges.Charge] {
            try await gateway.get(gatewayPath + "/v1/sandbox/charges?orderId=\(orderId)", as: SandboxCharges.self).charges
        }

        func stop() async {
            await show.server.stop()
            await standalone?.stop()
        }
    }

    @Test(arguments: GatewayOutage.allCases)
    func outageDuringPaymentsAndRefunds(outage: GatewayOutage) async throws {
        let rig = try await Rig.make(outage)
        defer { Task { await rig.stop() } }
        var orders: [(CheckoutFixture, OrderDTO)] = []
        var keys: [String] = []
        for _ in 0..<3 {
            let (fixture, order, key) = try await rig.checkedOutOrder()
            orders.append((fixture, order))
            keys.append(key)
        }
        let ids = orders.map(\.1.orderId)

        // Payments go in while the gateway is away: nothing can finish until it is back.
        try await rig.begin()
        for ((fixture, order), key) in zip(orders, keys) {
            let accepted = try await fixture.buyer.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: key),
                                                        as: OrderStatusDTO.self)
            #expect(accepted.status == "payment_processing")
        }
        // Refused: retried as retryable, then reconciled; closed or timed out: reconciled at once.
        try await rig.trouble.waitUntilMet(ids, ["payment confirm retryable", "payment reconcile pending"])
        for (fixture, order) in orders {
            #expect(try await fixture.buyer.get("/v1/orders/\(order.orderId)", as: OrderDTO.self).status == "payment_processing",
                    "\(outage): \(order.orderId) finished while the gateway was away")
            // The hold is kept while its order is paid; ordering it again answers that order.
            let again = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId),
                                                     as: OrderDTO.self)
            #expect(again.orderId == order.orderId && again.status == "payment_processing", "\(outage)")
        }
        try await rig.end()
        for (fixture, order) in orders {
            let final = try await fixture.waitForFinal(order.orderId, timeout: .seconds(90))
            #expect(final.status == "paid", "\(outage): \(order.orderId)")
            let charges = try await rig.charges(order.orderId)
            #expect(charges.count == 1 && charges.first?.amount == order.total, "\(outage): \(charges)")
        }

        // Refunds go in while it is away again: exactly the charged amount comes back, once.
        try await rig.begin()
        for (fixture, order) in orders {
            let cancel = try await fixture.buyer.post("/v1/orders/\(order.orderId)/cancel", as: OrderStatusDTO.self)
            #expect(cancel.status == "refund_processing")
        }
        try await rig.trouble.waitUntilMet(ids, ["payment refund pending"])
        try await rig.end()
        for (fixture, order) in orders {
            #expect(try await fixture.waitForFinal(order.orderId, timeout: .seconds(90)).status == "refunded")
            let charges = try await rig.charges(order.orderId)
            #expect(charges.count == 1 && charges.first?.status == "refunded" && charges.first?.amount == order.total,
                    "\(outage): \(charges)")
        }
        let seats = try await rig.show.server.client().seats(rig.show.performance.id)
        #expect(seats.seats.allSatisfy { $0.state != .sold }, "\(outage): a refunded seat is still sold")

        // The ledger took each sale and each refund once: nothing sold, gross refunded in full.
        let subtotal = orders.map(\.1.subtotal).reduce(0, +)
        let path = "/v1/seller/performances/\(rig.show.performance.id)/sales"
        var sales = try await rig.show.seller.get(path, as: SalesDTO.self)
        let deadline = ContinuousClock.now + .seconds(30)
        while (sales.gross != subtotal || sales.refunds != subtotal), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            sales = try await rig.show.seller.get(path, as: SalesDTO.self)
        }
        #expect(sales.ticketsSold == 0 && sales.gross == subtotal && sales.refunds == subtotal && sales.net == 0,
                "\(outage): \(sales)")
    }
}
