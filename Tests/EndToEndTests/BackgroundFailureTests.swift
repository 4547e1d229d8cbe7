import Foundation
import PaymentSandbox
import Synchronization
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
@testable import TicketingServer
import TicketingStorage

/// Order reads that fail a given number of times, then go to the real storage.
final class FlakyOrderReads: OrderReads {
    struct InjectedFailure: Error {}
    let base: any DurableRecords
    private let failuresLeft: Mutex<Int>

    init(base: any DurableRecords, failures: Int) {
        self.base = base
        failuresLeft = Mutex(failures)
    }

    var remaining: Int { failuresLeft.withLock { $0 } }

    private func maybeFail() throws {
        let fail = failuresLeft.withLock { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
        if fail { throw InjectedFailure() }
    }

    func order(id: String) async throws -> OrderRecord? {
        try maybeFail()
        return try await base.order(id: id)
    }

    func orders(status: [OrderStatus]) async throws -> [OrderRecord] {
        try maybeFail()
        return try await base.orders(status: status)
    }

    func expiredPendingOrders(now: Date) async throws -> [OrderRecord] {
        try await base.expiredPendingOrders(now: now)
    }
}

/// The value of one Prometheus sample line in `/metrics`, 0 when the series is absent.
func metricValue(_ server: TestServer, _ series: String) async throws -> Double {
    let response = try await server.client().send(method: "GET", path: "/metrics", body: nil, headers: [:])
    let text = String(decoding: response.body, as: UTF8.self)
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1)) ?? .nan
    }
    return 0
}

@Suite("Background workers do not lose work to storage errors")
struct BackgroundFailureTests {
    /// The worker's first reads of the order fail: before, it gave up silently and the order
    /// waited for the 5-second sweep (and no one learnt why: the counter stayed absent); now
    /// each failure is logged, counted and retried with backoff, and the order is paid.
    @Test func paymentWorkerRetriesFailedReadsAndCountsThem() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let flaky = FlakyOrderReads(base: await fixture.show.server.server.storage, failures: 3)
        await fixture.show.server.server.readOrders(through: flaky)

        let (order, final) = try await fixture.orderAndPay(card: "4242 4242 4242 4242")
        #expect(final.status == "paid")
        #expect(flaky.remaining == 0)
        #expect(try await fixture.charges(order.orderId).count == 1)
        #expect(try await metricValue(fixture.show.server, #"qticket_background_errors_total{worker="payment_worker"}"#) == 3)
    }

    /// A crash left an order `payment_processing` (its pay committed, its confirm never sent);
    /// the restarted server's first reads of orders in flight fail. Before, the start-up
    /// recovery dropped the error (`try?`) and only the 5-second sweep found the order, with no
    /// trace; now the read is logged, counted and retried, and the order is confirmed and paid.
    @Test func startupRecoveryRetriesFailedReads() async throws {
        let fixture = try await CheckoutFixture.make()
        let first = fixture.show.server
        let order = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId), as: OrderDTO.self)
        let payment = try #require(order.payment)
        let checkout = try await first.client().post("/sandbox-gateway/v1/sandbox/checkout",
                                                     body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId,
                                                                                  amount: payment.amount,
                                                                                  card: .init(number: "4242 4242 4242 4242", expiry: "12/30")),
                                                     as: SandboxCheckoutResponse.self)
        await first.stop()
        // The crash: the pay commit made it, the confirm never left.
        #expect(try await Storage(directory: first.dataDirectory)
            .startPayment(orderId: order.orderId, paymentKey: checkout.paymentKey, at: Date()))

        var config = ServerConfig(dataDirectory: first.dataDirectory)
        config.port = 0
        config.logSink = .discard
        config.passwordIterations = 1_000
        config.paymentSandbox = true
        let restarted = try QueueTicketServer(config: config)
        let flaky = FlakyOrderReads(base: await restarted.storage, failures: 3)
        await restarted.readOrders(through: flaky)
        try await restarted.start()
        defer { Task { await restarted.stop(timeout: 1) } }

        let deadline = ContinuousClock.now + .seconds(20)
        var status = try await restarted.storage.order(id: order.orderId)?.status
        while status != .paid, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            status = try await restarted.storage.order(id: order.orderId)?.status
        }
        #expect(status == .paid)
        #expect(flaky.remaining == 0)
        let metrics = await restarted.metrics
        #expect(metrics.render().contains(#"qticket_background_errors_total{worker="payment_worker"} 3"#))
        let charges = try await APIClient(host: "127.0.0.1", port: try await restarted.port())
            .get("/sandbox-gateway/v1/sandbox/charges?orderId=\(order.orderId)", as: SandboxCharges.self).charges
        #expect(charges.count == 1 && charges.first?.amount == order.total)
    }
}
