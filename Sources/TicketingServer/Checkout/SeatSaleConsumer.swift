import Foundation
import TicketingDomain
import TicketingStorage

/// Sells a paid order's seats in the shared seat map from its `OrderPaid` event. The payment
/// worker sells them right after the payment commits; a node killed between that commit and the
/// sale (or a Redis outage longer than the worker's retries) would leave the seats pinned to a
/// paid order and never shown sold. The outbox delivers the event at least once, to whichever
/// node holds its lease, so the sale happens even when the paying node is gone. Selling twice is
/// harmless (the second finds no hold); an order that has moved on (refunded) is left alone.
/// Distributed backend only: an embedded node rebuilds its seats from its own journal.
struct SeatSaleConsumer: OutboxConsumer {
    let name = "seat_sale"
    let reads: any OrderReads
    let states: any PerformanceStates

    func handle(_ event: OutboxEvent) async throws {
        guard event.type == "OrderPaid", let order = try await reads.order(id: event.aggregateId),
              order.status == .paid, let performance = try await states.state(for: order.performanceId) else { return }
        try await performance.applyPaid(holdId: order.holdId, orderId: order.id, userId: order.userId)
    }
}
