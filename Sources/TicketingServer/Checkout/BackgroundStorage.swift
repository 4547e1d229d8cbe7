import Foundation
import TicketingDomain
import TicketingStorage

/// The reads the payment worker and the charge sweep make about orders: the record ports, or a
/// test's failing stand-in.
protocol OrderReads: Sendable {
    func order(id: String) async throws -> OrderRecord?
    func orders(status: [OrderStatus]) async throws -> [OrderRecord]
    func expiredPendingOrders(now: Date) async throws -> [OrderRecord]
}

/// What the outbox relay reads and writes, behind the same kind of seam.
protocol OutboxStore: Sendable {
    func pendingEvents(limit: Int) async throws -> [OutboxEvent]
    func markDelivered(seqs: [Int64], at: Date) async throws
}

/// Both seams on whichever backend's records the server runs (SQLite or PostgreSQL).
struct RecordReads: OrderReads, OutboxStore {
    let records: any DurableRecords

    func order(id: String) async throws -> OrderRecord? { try await records.order(id: id) }
    func orders(status: [OrderStatus]) async throws -> [OrderRecord] { try await records.orders(status: status) }
    func expiredPendingOrders(now: Date) async throws -> [OrderRecord] { try await records.expiredPendingOrders(now: now) }
    func pendingEvents(limit: Int) async throws -> [OutboxEvent] { try await records.pendingEvents(limit: limit) }
    func markDelivered(seqs: [Int64], at: Date) async throws { try await records.markDelivered(seqs: seqs, at: at) }
}
