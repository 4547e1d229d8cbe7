import Foundation
import Synchronization
import Testing
import TicketingDomain
import TicketingProtocol
import TicketingRecords
@testable import TicketingServer
import TicketingStorage

/// A node killed after the payment committed but before it sold the seats in Redis: the order's
/// `OrderPaid` event, delivered to any node, sells them (CI node-kill: "705 seats in 282 paid
/// orders … GET seats shows 703 sold").
@Suite("Seat sale from the OrderPaid event", .enabled(if: Backend.redisURL != nil, "QT_TEST_REDIS_URL is not set: run scripts/services.sh start DIR and source DIR/env"))
struct SeatSaleConsumerTests {
    /// Orders as the records would answer them: the one order, in whatever status the test sets.
    final class OneOrder: OrderReads {
        let record: Mutex<OrderRecord>
        init(_ record: OrderRecord) { self.record = Mutex(record) }
        func order(id: String) async throws -> OrderRecord? { record.withLock { $0.id == id ? $0 : nil } }
        func orders(status: [OrderStatus]) async throws -> [OrderRecord] { [] }
        func expiredPendingOrders(now: Date) async throws -> [OrderRecord] { [] }
        func set(_ status: OrderStatus) { record.withLock { $0.status = status } }
    }

    static func paidEvent(_ order: OrderRecord) throws -> OutboxEvent {
        try OutboxEvent.order("OrderPaid", payload: OrderEventPayload(
            orderId: order.id, userId: order.userId, sellerId: order.sellerId, performanceId: order.performanceId,
            seatIds: order.seatIds, subtotal: order.subtotal, discount: 0, total: order.total, applied: [],
            occurredAt: Date()), seq: 1)
    }

    @Test func aPaidOrdersPinnedHoldIsSoldFromItsEventOnceAndOnlyWhilePaid() async throws {
        let under = try await Backend.distributed.make()
        let (show, hall) = try await under.performance()
        let seats = hall.grades.flatMap(\.seatIds)
        for buyer in ["usr_paid", "usr_refunded"] { _ = try await show.join(userId: buyer) }
        try await waitUntil("both admitted") {
            let paid = await show.status(userId: "usr_paid")?.state
            let refunded = await show.status(userId: "usr_refunded")?.state
            return paid == "admitted" && refunded == "admitted"
        }
        func pinnedOrder(_ buyer: String, seat: String) async throws -> OrderRecord {
            guard case .success(let hold)? = try await show.holdIfAdmitted(
                userId: buyer, request: CreateHoldRequest(seatIds: [seat]), holdId: "hld_\(UUID().uuidString)") else {
                throw RaceFailure("\(buyer)'s hold failed")
            }
            let orderId = "ord_\(UUID().uuidString.prefix(8))"
            #expect(try await show.pinForPayment(holdId: hold.holdId, orderId: orderId))
            return OrderRecord(id: orderId, userId: buyer, performanceId: show.id, sellerId: show.sellerId,
                               holdId: hold.holdId, seatIds: [seat], subtotal: hold.amount, discount: 0,
                               total: hold.amount, applied: [], status: .paid, createdAt: Date(),
                               expiresAt: Date().addingTimeInterval(600))
        }
        func state(_ seat: String) async -> String? { await show.seatStates().seats.first { $0.id == seat }?.state }

        // The paying node died before its sale: the seat is still held, pinned to the paid order.
        let paid = try await pinnedOrder("usr_paid", seat: seats[0])
        #expect(await state(seats[0]) == "held")
        let reads = OneOrder(paid)
        let consumer = SeatSaleConsumer(reads: reads, states: under.performances)
        try await consumer.handle(Self.paidEvent(paid))
        #expect(await state(seats[0]) == "sold")
        // Delivered again (at least once): nothing changes.
        try await consumer.handle(Self.paidEvent(paid))
        #expect(await state(seats[0]) == "sold")
        #expect(await show.seatStates().seats.filter { $0.state == "sold" }.count == 1)

        // An order refunded before its event arrived is not sold again.
        let refunded = try await pinnedOrder("usr_refunded", seat: seats[1])
        let refundedReads = OneOrder(refunded)
        refundedReads.set(.refunded)
        try await SeatSaleConsumer(reads: refundedReads, states: under.performances).handle(Self.paidEvent(refunded))
        #expect(await state(seats[1]) == "held")
        await under.teardown()
    }
}
