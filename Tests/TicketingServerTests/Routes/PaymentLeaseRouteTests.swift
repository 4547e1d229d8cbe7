import Foundation
import RouteTesting
import Synchronization
import Testing
import TicketingProtocol
@testable import TicketingServer
import TicketingStorage

/// The payment worker drives an order only under its lease: while another node holds it, the
/// submit on this node leaves it alone; once the lease is free, this node's sweep drives it.
@Suite("Payment worker under leases, in-process")
struct PaymentLeaseRouteTests {
    /// Leases another node holds until `release()`; counts what this node asked for.
    final class ForeignLeases: PaymentLeases {
        private let state = Mutex((heldElsewhere: true, refused: 0, taken: 0, released: 0))

        func acquire(orderId: String) async throws -> Bool {
            state.withLock { state in
                if state.heldElsewhere { state.refused += 1 } else { state.taken += 1 }
                return !state.heldElsewhere
            }
        }

        func release(orderId: String) async { state.withLock { $0.released += 1 } }
        var renewEvery: Duration? { nil }
        func releaseElsewhere() { state.withLock { $0.heldElsewhere = false } }
        var counts: (refused: Int, taken: Int, released: Int) { state.withLock { ($0.refused, $0.taken, $0.released) } }
    }

    /// Short leases a live node must keep renewing; counts renewals while the lease is held.
    final class RenewedLeases: PaymentLeases {
        private let state = Mutex((held: false, renewedWhileHeld: 0, renewedAfter: 0))
        let renewEvery: Duration? = .milliseconds(100)

        func acquire(orderId: String) async throws -> Bool {
            state.withLock { $0.held = true }
            return true
        }

        func renew(orderId: String) async throws -> Bool {
            state.withLock { state in
                if state.held { state.renewedWhileHeld += 1 } else { state.renewedAfter += 1 }
            }
            return true
        }

        func release(orderId: String) async { state.withLock { $0.held = false } }
        var counts: (held: Bool, whileHeld: Int, after: Int) {
            state.withLock { ($0.held, $0.renewedWhileHeld, $0.renewedAfter) }
        }
    }

    static func server(leases: any PaymentLeases) async throws -> InProcessServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-leases-\(UUID().uuidString)", isDirectory: true)
        var config = ServerConfig(dataDirectory: directory)
        config.logSink = .discard
        config.passwordIterations = 1_000
        config.paymentSandbox = true
        config.rateLimits.perAddressSignup = RateLimit(burst: 1e9, perSecond: 1e9)
        let server = try QueueTicketServer(config: config, clock: .system, backend: ServerBackend(
            records: try Storage(directory: directory), tokenKey: Array(repeating: 3, count: 32), redis: nil,
            leases: leases, close: {}))
        return try await InProcessServer.run(server, dataDirectory: directory)
    }

    /// A confirm slower than the lease (the sandbox's slow card waits 2 s; the lease is renewed
    /// every 100 ms) keeps the lease the whole time, and the renewals stop once it is given back:
    /// a node that dies stops renewing, so its order returns to the others within one short lease.
    @Test func aLongConfirmKeepsRenewingItsLeaseAndStopsOnRelease() async throws {
        let leases = RenewedLeases()
        let app = try await Self.server(leases: leases)
        defer { Task { await app.stop() } }
        let show = try await RouteShow.make(on: app, rate: 1_000, maxActive: 100)
        let (buyer, order) = try await OrderRouteTests.submittedOrder(app, show, seats: 1, card: "4000000000002000")

        #expect(try await OrderRouteTests.waitForStatus(buyer, order.orderId, in: ["paid", "failed"]) == "paid")
        try await Self.waitUntil { !leases.counts.held }
        #expect(leases.counts.whileHeld >= 5, "renewed \(leases.counts.whileHeld) times in a 2 s confirm")
        try await Task.sleep(for: .milliseconds(300))
        #expect(leases.counts.after == 0, "the lease was renewed after it was given back")
    }

    @Test func anOrderLeasedElsewhereIsNotDrivenHereUntilItsLeaseIsFree() async throws {
        let leases = ForeignLeases()
        let app = try await Self.server(leases: leases)
        defer { Task { await app.stop() } }

        let show = try await RouteShow.make(on: app, rate: 1_000, maxActive: 100)
        let (buyer, order) = try await OrderRouteTests.submittedOrder(app, show, seats: 1)

        // The submit asked for the lease and was refused: nothing was confirmed here.
        try await Self.waitUntil { leases.counts.refused >= 1 }
        #expect(try await buyer.get("/v1/orders/\(order.orderId)", as: OrderDTO.self).status == "payment_processing")
        #expect(leases.counts.taken == 0)

        // The other node's lease is gone (released, or ran out): this node's sweep takes the order.
        leases.releaseElsewhere()
        #expect(try await OrderRouteTests.waitForStatus(buyer, order.orderId, in: ["paid", "failed"]) == "paid")
        try await Self.waitUntil { leases.counts.released >= 1 }
        #expect(leases.counts.taken >= 1)
    }

    static func waitUntil(timeout: Duration = .seconds(20), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within \(timeout)")
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
