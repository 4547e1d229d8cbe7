import ConnectionPooling
import Foundation
import Synchronization
import Testing
import TicketingDomain
@testable import TicketingPostgres

@Suite("Payment workers sharing orders with SKIP LOCKED", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct PaymentQueueTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_514_703)

    static func seed(_ pool: PostgresPool, orders: Int) async throws {
        try await pool.transaction { c in
            for index in 0..<orders {
                let status: OrderStatus = index.isMultiple(of: 5) ? .pendingPayment : .paymentProcessing
                try c.query("""
                    INSERT INTO ticket_order (id, user_id, performance_id, seller_id, hold_id, seat_ids, subtotal, discount,
                        total, applied, status, created_at, updated_at, expires_at)
                    VALUES ($1, 'u', 'p', 's', 'h', '[]', 1000, 0, 1000, '[]', $2, $3::timestamptz, $3::timestamptz,
                        $3::timestamptz + interval '10 minutes')
                    """, ["o\(index)", status.rawValue, t0])
            }
        }
    }

    @Test func twoWorkersNeverDriveTheSameOrderAndTouchOnlyWorkableOnes() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        try await Self.seed(pool, orders: 100)
        let queue = PostgresPaymentQueue(pool: pool)
        let claimed = try await race(2) { worker in
            var mine: [String] = []
            while true {
                let batch = try await queue.claim(worker: "w\(worker)", limit: 5, now: Self.t0, lease: .seconds(60))
                if batch.isEmpty { return mine }
                for order in batch {
                    #expect(try await queue.finish(orderId: order.orderId, worker: "w\(worker)", status: .paid, now: Self.t0))
                }
                mine += batch.map(\.orderId)
            }
        }
        let all = claimed.flatMap { $0 }
        #expect(all.count == 80)
        #expect(Set(all).count == 80, "an order was driven by both workers")
        let pending = try await pool.query("SELECT count(*) AS n FROM ticket_order WHERE status = 'pending_payment'")
        #expect(try pending.first?.decode("n", as: Int.self) == 20)
        await pool.shutdown()
    }

    @Test func aDeadWorkersOrdersReturnWhenItsLeaseRunsOut() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        try await Self.seed(pool, orders: 4)
        let queue = PostgresPaymentQueue(pool: pool)
        let taken = try await queue.claim(worker: "dead", limit: 10, now: Self.t0, lease: .seconds(30))
        #expect(taken.map(\.orderId).sorted() == ["o1", "o2", "o3"])
        #expect(try await queue.claim(worker: "alive", limit: 10, now: Self.t0.addingTimeInterval(29), lease: .seconds(30)) == [])
        let late = try await queue.claim(worker: "alive", limit: 10, now: Self.t0.addingTimeInterval(30), lease: .seconds(30))
        #expect(late.map(\.orderId).sorted() == ["o1", "o2", "o3"])
        #expect(try await queue.finish(orderId: "o1", worker: "dead", status: .paid, now: Self.t0.addingTimeInterval(31)) == false)
        #expect(try await queue.finish(orderId: "o1", worker: "alive", status: .paymentUnknown, now: Self.t0.addingTimeInterval(31)))
        await pool.shutdown()
    }
}
