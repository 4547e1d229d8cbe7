import ConnectionPooling
import Foundation
import Synchronization
import Testing
import TicketingDomain
@testable import TicketingPostgres
import TicketingRecords

/// The outbox port with a relay on every node: two nodes (two pools, two `PostgresRecords`)
/// draining one outbox at once hand out every event once, a dead node's batch passes to the
/// other only when its lease runs out, and a consumer books an event once however many nodes
/// deliver it at the same moment.
@Suite("Outbox records relayed by several nodes", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct OutboxNodesTests {
    static let t0 = Orders.day0

    /// Two nodes on one fresh schema.
    static func nodes(lease: Duration = .seconds(60)) async throws -> (PostgresRecords, PostgresRecords) {
        let schema = try await PostgresTestServer.freshSchema()
        let first = try PostgresTestServer.pool(schema: schema)
        try await PostgresMigrator.migrate(first)
        return (PostgresRecords(pool: first, relayWorker: "node-1", relayLease: lease),
                PostgresRecords(pool: try PostgresTestServer.pool(schema: schema), relayWorker: "node-2", relayLease: lease))
    }

    static func seed(_ records: PostgresRecords, events: Int, aggregates: Int) async throws {
        try await records.pool.transaction { connection in
            for index in 0..<events {
                try PostgresOutbox.append(on: connection, eventId: "e\(index)", aggregateId: "ord_\(index % aggregates)",
                                          type: "OrderFailed", payloadJSON: #"{"n":\#(index)}"#, now: t0)
            }
        }
    }

    final class Deliveries: Sendable {
        private let state = Mutex<[(node: Int, event: OutboxEvent)]>([])
        func add(_ node: Int, _ events: [OutboxEvent]) { state.withLock { $0 += events.map { (node, $0) } } }
        var all: [(node: Int, event: OutboxEvent)] { state.withLock { $0 } }
    }

    /// Each node runs the relay's loop until nothing is left undelivered anywhere; `take` is how
    /// a node reads its next batch.
    static func drain(_ nodes: [PostgresRecords], into deliveries: Deliveries,
                      take: @escaping @Sendable (PostgresRecords) async throws -> [OutboxEvent]) async throws {
        _ = try await race(nodes.count) { index in
            let node = nodes[index]
            while true {
                let batch = try await take(node)
                if batch.isEmpty {
                    if try await node.outboxCounts().pending == 0 { return }
                    await Task.yield()
                    continue
                }
                deliveries.add(index, batch)
                try await node.markDelivered(seqs: batch.map(\.seq), at: t0)
            }
        }
    }

    @Test func twoNodesDrainingAtOnceHandOutEveryEventOnceInOrderPerAggregate() async throws {
        let (one, two) = try await Self.nodes()
        try await Self.seed(one, events: 300, aggregates: 30)
        let deliveries = Deliveries()
        try await Self.drain([one, two], into: deliveries) { try await $0.pendingEvents(limit: 10) }
        let ids = deliveries.all.map(\.event.eventId)
        #expect(ids.count == 300)
        #expect(Set(ids).count == 300, "an event was relayed twice")
        #expect(Set(deliveries.all.map(\.node)) == [0, 1], "both nodes relayed")
        for (aggregate, events) in Dictionary(grouping: deliveries.all.map(\.event), by: \.aggregateId) {
            #expect(events.map(\.seq) == events.map(\.seq).sorted(), "\(aggregate) out of order")
        }
        #expect(try await one.outboxCounts() == (300, 0))
        await one.pool.shutdown()
        await two.pool.shutdown()
    }

    /// Control: nodes that read pending events the way the one SQLite relay does (a plain read,
    /// no lease) hand some event to both, and the check above sees it.
    @Test func nodesReadingWithoutALeaseAreCaughtByTheSameCheck() async throws {
        var duplicates = 0
        for _ in 0..<5 where duplicates == 0 {
            let (one, two) = try await Self.nodes()
            try await Self.seed(one, events: 200, aggregates: 200)
            let deliveries = Deliveries()
            try await Self.drain([one, two], into: deliveries) { node in
                try await node.pool.query("""
                    SELECT seq, event_id, aggregate_id, type, payload::text AS payload, created_at FROM outbox_event
                    WHERE delivered_at IS NULL ORDER BY seq LIMIT 10
                    """).rows.map { row in
                    OutboxEvent(seq: Int64(try row.decode("seq", as: Int.self)), eventId: try row.decode("event_id"),
                                aggregateId: try row.decode("aggregate_id"), type: try row.decode("type"),
                                payload: Data(try row.decode("payload", as: String.self).utf8), createdAt: try row.decode("created_at"))
                }
            }
            let ids = deliveries.all.map(\.event.eventId)
            duplicates = ids.count - Set(ids).count
            await one.pool.shutdown()
            await two.pool.shutdown()
        }
        #expect(duplicates > 0, "two unleased readers must share some event within five runs")
    }

    @Test func aDeadNodesBatchPassesToAnotherOnlyWhenItsLeaseRunsOut() async throws {
        let (dead, alive) = try await Self.nodes()
        try await Self.seed(dead, events: 6, aggregates: 6)
        let taken = try await dead.pendingEvents(limit: 4)
        #expect(taken.map(\.eventId) == ["e0", "e1", "e2", "e3"])
        // The node dies here. While its lease stands the other node gets only the rest.
        let rest = try await alive.pendingEvents(limit: 10)
        #expect(rest.map(\.eventId) == ["e4", "e5"])
        try await alive.markDelivered(seqs: rest.map(\.seq), at: Self.t0)
        #expect(try await alive.pendingEvents(limit: 10).isEmpty)
        // Time passes on the database's clock, the one every node judges leases by.
        try await alive.pool.query("""
            UPDATE outbox_event SET lease_until = clock_timestamp() - interval '1 second' WHERE lease_owner = 'node-1'
            """)
        let late = try await alive.pendingEvents(limit: 10)
        #expect(late.map(\.eventId) == ["e0", "e1", "e2", "e3"])
        #expect(try await dead.pendingEvents(limit: 10).isEmpty, "the taken-over batch is not handed back")
        try await alive.markDelivered(seqs: late.map(\.seq), at: Self.t0)
        #expect(try await alive.outboxCounts() == (6, 0))
        await dead.pool.shutdown()
        await alive.pool.shutdown()
    }

    /// An event delivered by several nodes at once (a lease that ran out mid-delivery) is booked
    /// by exactly one of them; the others see it processed.
    @Test func settlementBooksAnEventOnceWhenNodesDeliverItTogether() async throws {
        let (one, two) = try await Self.nodes()
        let order = Orders.make("ord_1", seller: "usr_s1", performance: "prf_1", seats: ["A-1", "A-2"], at: Self.t0)
        let payload = OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                                        performanceId: order.performanceId, seatIds: order.seatIds, subtotal: order.subtotal,
                                        discount: 0, total: order.total, applied: [], occurredAt: Self.t0)
        let event = try OutboxEvent.order("OrderPaid", payload: payload, seq: 1)
        let booked = try await race(12) { index in
            try await (index % 2 == 0 ? one : two).postSettlement(event, consumer: "settlement",
                                                                   defaultFeeRate: FeeRate(basisPoints: 500)!, at: Self.t0)
        }
        #expect(booked.filter { $0 }.count == 1)
        let lines = try await one.ledgerLines()
        #expect(Set(lines.map(\.transactionId)) == ["OrderPaid:ord_1"])
        #expect(lines.count == (try OrderPosting.paid(try payload.settlementOrder(), feeRate: FeeRate(basisPoints: 500)!,
                                                      at: Self.t0)).entries.count)
        #expect(try await one.sales(performanceId: "prf_1").ticketsSold == 2)
        await one.pool.shutdown()
        await two.pool.shutdown()
    }
}
