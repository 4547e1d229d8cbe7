import Foundation
import TicketingDomain
import TicketingStorage

/// The demo's past performances: each sold day by day to the demo buyer through the same
/// storage transactions checkout uses (order, payment started, payment confirmed), booked into
/// settlement as the settlement consumer would, and the periods that have ended closed, so a
/// seller's settlement chart shows a history from the first start.
enum DemoHistory {
    static func load(_ history: [DemoCatalog.PastPerformance], catalog: DemoCatalog, halls: [String: Hall],
                     venueIds: [String: String], sellerId: String, buyerId: String, storage: any DurableRecords,
                     now: Date) async throws -> [(id: String, title: String, saleOpensAt: Date)] {
        var seq: Int64 = 0
        var created: [(id: String, title: String, saleOpensAt: Date)] = []
        for past in history {
            guard let venue = catalog.venue(named: past.venue), let venueId = venueIds[venue.name],
                  let hall = halls[venue.hall] else { continue }
            let days = past.ticketsPerDay.count
            let startsAt = now.addingTimeInterval(-Double(past.endedDaysAgo) * 86_400)
            let opensAt = startsAt.addingTimeInterval(-Double(days) * 86_400)
            let spec = PerformanceSpec(venueId: venueId, title: past.title, startsAt: startsAt, saleOpensAt: opensAt,
                                       grades: hall.grades, holdSeconds: 300, maxSeatsPerOrder: max(1, past.seatsPerOrder),
                                       admission: AdmissionSpec(ratePerSecond: 10, maxActive: 100, tokenTTLSeconds: 600))
            let record = PerformanceRecord(id: IDs.make("prf"), sellerId: sellerId, spec: spec, createdAt: opensAt)
            try await storage.createPerformance(record)
            created.append((record.id, spec.title, spec.saleOpensAt))
            // Best grades first, in the hall's seat order: the way a real sale empties a hall.
            var seats = hall.grades.flatMap { grade in grade.seatIds.map { ($0, grade.price) } }[...]
            for (day, tickets) in past.ticketsPerDay.enumerated() {
                let sizes = stride(from: 0, to: tickets, by: past.seatsPerOrder).map { min(past.seatsPerOrder, tickets - $0) }
                for (k, size) in sizes.enumerated() {
                    let at = opensAt.addingTimeInterval(Double(day) * 86_400
                        + Double(k + 1) * 86_400 / Double(sizes.count + 1))
                    let picked = Array(seats.prefix(size))
                    seats = seats.dropFirst(size)
                    seq += 1
                    try await sell(picked, performance: record, buyerId: buyerId, at: at, seq: seq, storage: storage)
                }
            }
        }
        _ = try await storage.closeSettlements(until: now, now: now)
        return created
    }

    private static func sell(_ seats: [(String, Int)], performance: PerformanceRecord, buyerId: String, at: Date,
                             seq: Int64, storage: any DurableRecords) async throws {
        let subtotal = seats.reduce(0) { $0 + $1.1 }
        let order = OrderRecord(id: IDs.make("ord"), userId: buyerId, performanceId: performance.id,
                                sellerId: performance.sellerId, holdId: IDs.make("hld"), seatIds: seats.map(\.0),
                                subtotal: subtotal, discount: 0, total: subtotal, applied: [], status: .pendingPayment,
                                createdAt: at, expiresAt: at.addingTimeInterval(300))
        try await storage.createOrder(order)
        _ = try await storage.startPayment(orderId: order.id, paymentKey: "demo-\(order.id)", at: at)
        guard let paid = try await storage.confirmPayment(orderId: order.id, at: at) else { return }
        let payload = OrderEventPayload(orderId: paid.id, userId: paid.userId, sellerId: paid.sellerId,
                                        performanceId: paid.performanceId, seatIds: paid.seatIds, subtotal: paid.subtotal,
                                        discount: paid.discount, total: paid.total, applied: paid.applied, occurredAt: at)
        // Booked now, under the settlement consumer's name, so the relay finds it done and the
        // sale lands in its own day's period rather than in whichever is open when the relay runs.
        _ = try await storage.postSettlement(try OutboxEvent.order("OrderPaid", payload: payload, seq: seq),
                                             consumer: SettlementConsumer.consumerName, defaultFeeRate: .default, at: at)
    }
}
