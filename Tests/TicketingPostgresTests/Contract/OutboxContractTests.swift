import Foundation
import Testing
import TicketingDomain
import TicketingRecords

/// The outbox port on both stores: events written with their order move, handed to the relay in
/// order per aggregate, handed again until marked, and counted.
@Suite("Outbox records: the same relay contract on SQLite and PostgreSQL",
       .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct OutboxContractTests {
    static let t0 = Orders.day0

    static func threeOrders(_ fixture: RecordFixture) async throws -> [OrderRecord] {
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 1, couponsIssued: 0)
        let orders = [
            Orders.make("ord_a", seller: "usr_s1", performance: "prf_1", seats: ["A-1", "A-2"],
                        applied: [AppliedCoupon(userCouponId: "uc_a", seatId: "A-1", amount: 1_000, fundedBy: "platform")], at: t0),
            Orders.make("ord_b", seller: "usr_s1", performance: "prf_1", seats: ["B-1"], at: t0),
            Orders.make("ord_c", seller: "usr_s1", performance: "prf_1", seats: ["C-1"], at: t0),
        ]
        for (index, order) in orders.enumerated() {
            try await fixture.placeOrder(order)
            #expect(try await fixture.move(order.id, .payRequested, at: t0.addingTimeInterval(Double(index))))
            #expect(try await fixture.move(order.id, .gatewayConfirmed, at: t0.addingTimeInterval(Double(10 + index))))
        }
        #expect(try await fixture.move("ord_a", .refundRequested, at: t0.addingTimeInterval(20)))
        #expect(try await fixture.move("ord_a", .refundCompleted, at: t0.addingTimeInterval(21)))
        return orders
    }

    @Test(arguments: RecordBackend.allCases)
    func everyEventIsHandedOutInOrderPerAggregateUntilMarked(_ backend: RecordBackend) async throws {
        let fixture = try await backend.make()
        defer { Task { await fixture.close() } }
        let records = fixture.records
        let orders = try await Self.threeOrders(fixture)
        #expect(try await records.outboxCounts() == (4, 4))

        // A batch read but never marked (the relay's consumer failed) is handed out again.
        let first = try await records.pendingEvents(limit: 2)
        #expect(first.map(\.eventId) == ["OrderPaid:ord_a", "OrderPaid:ord_b"])
        #expect(try await records.pendingEvents(limit: 2).map(\.eventId) == first.map(\.eventId))
        try await records.markDelivered(seqs: [], at: Self.t0)
        #expect(try await records.outboxCounts() == (4, 4))

        var delivered: [OutboxEvent] = []
        for _ in 0..<10 {
            let batch = try await records.pendingEvents(limit: 10)
            if batch.isEmpty { break }
            delivered += batch
            try await records.markDelivered(seqs: batch.map(\.seq), at: Self.t0.addingTimeInterval(60))
        }
        #expect(delivered.map(\.eventId).sorted()
                    == ["OrderPaid:ord_a", "OrderPaid:ord_b", "OrderPaid:ord_c", "OrderRefunded:ord_a"])
        let ofA = delivered.filter { $0.aggregateId == "ord_a" }.map(\.type)
        #expect(ofA == ["OrderPaid", "OrderRefunded"], "an aggregate's events went out of order")
        #expect(try await records.outboxCounts() == (4, 0))
        #expect(try await records.pendingEvents(limit: 10).isEmpty)

        // The payload is the order as checkout wrote it, at the moment of the move.
        let paid = try #require(delivered.first { $0.eventId == "OrderPaid:ord_a" })
        let payload = try BlobCoding.decode(OrderEventPayload.self, from: paid.payload)
        let order = orders[0]
        #expect(payload == OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                                             performanceId: order.performanceId, seatIds: order.seatIds,
                                             subtotal: order.subtotal, discount: order.discount, total: order.total,
                                             applied: order.applied, occurredAt: Self.t0.addingTimeInterval(10)))
        #expect(paid.createdAt == Self.t0.addingTimeInterval(10) && paid.aggregateId == "ord_a" && paid.type == "OrderPaid")
        #expect(delivered.map(\.seq) == delivered.map(\.seq).sorted())
    }
}
