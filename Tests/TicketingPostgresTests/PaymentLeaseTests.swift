import ConnectionPooling
import Foundation
import Testing
import TicketingDomain
@testable import TicketingPostgres

/// The per-order lease a node takes before it calls the gateway for an order (a buyer's submit,
/// or a sweep's find): one node at a time, only workable orders, back to the others on release
/// or when the lease runs out.
@Suite("Payment lease on one order", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct PaymentLeaseTests {
    static let t0 = PaymentQueueTests.t0

    @Test func oneOfManyNodesTakesAnOrderAndOnlyWorkableOnes() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        try await PaymentQueueTests.seed(pool, orders: 2)
        let queue = PostgresPaymentQueue(pool: pool)
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for node in 0..<20 {
                group.addTask { try await queue.claim(orderId: "o1", worker: "n\(node)", now: Self.t0, lease: .seconds(60)) }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(winners == 1)
        // o0 waits for the buyer's payment (pending_payment): nobody may drive it.
        #expect(try await queue.claim(orderId: "o0", worker: "n0", now: Self.t0, lease: .seconds(60)) == false)
        #expect(try await queue.claim(orderId: "missing", worker: "n0", now: Self.t0, lease: .seconds(60)) == false)
        await pool.shutdown()
    }

    @Test func aReleasedOrExpiredLeaseLetsAnotherNodeIn() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        try await PaymentQueueTests.seed(pool, orders: 3)
        let queue = PostgresPaymentQueue(pool: pool)
        #expect(try await queue.claim(orderId: "o1", worker: "a", now: Self.t0, lease: .seconds(30)))
        #expect(try await queue.claim(orderId: "o1", worker: "b", now: Self.t0.addingTimeInterval(29), lease: .seconds(30)) == false)
        // Only the holder's release counts.
        try await queue.release(orderId: "o1", worker: "b")
        #expect(try await queue.claim(orderId: "o1", worker: "b", now: Self.t0.addingTimeInterval(1), lease: .seconds(30)) == false)
        try await queue.release(orderId: "o1", worker: "a")
        #expect(try await queue.claim(orderId: "o1", worker: "b", now: Self.t0.addingTimeInterval(1), lease: .seconds(30)))

        // A node that died holding o2: the lease runs out and another takes it.
        #expect(try await queue.claim(orderId: "o2", worker: "dead", now: Self.t0, lease: .seconds(30)))
        #expect(try await queue.claim(orderId: "o2", worker: "alive", now: Self.t0.addingTimeInterval(30), lease: .seconds(30)))
        // The batch claim of the sweep sees both as leased.
        #expect(try await queue.claim(worker: "c", limit: 10, now: Self.t0.addingTimeInterval(20), lease: .seconds(30)) == [])
        await pool.shutdown()
    }

    /// A live node renews by claiming its own order again: the lease runs from the renewal, so
    /// a short lease holds through a long drive and a dead node's runs out one lease after its
    /// last renewal.
    @Test func theHoldersClaimAgainExtendsItsLease() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        try await PaymentQueueTests.seed(pool, orders: 2)
        let queue = PostgresPaymentQueue(pool: pool)
        #expect(try await queue.claim(orderId: "o1", worker: "a", now: Self.t0, lease: .seconds(20)))
        #expect(try await queue.claim(orderId: "o1", worker: "a", now: Self.t0.addingTimeInterval(15), lease: .seconds(20)))
        #expect(try await queue.claim(orderId: "o1", worker: "b", now: Self.t0.addingTimeInterval(25), lease: .seconds(20)) == false)
        #expect(try await queue.claim(orderId: "o1", worker: "b", now: Self.t0.addingTimeInterval(35), lease: .seconds(20)))
        // Once b holds it, a's late renewal is refused.
        #expect(try await queue.claim(orderId: "o1", worker: "a", now: Self.t0.addingTimeInterval(36), lease: .seconds(20)) == false)
        await pool.shutdown()
    }
}
