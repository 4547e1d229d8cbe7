import Foundation
import TicketingDomain
import TicketingStorage

/// The reads the payment worker and the charge sweep make about orders. `Storage` is the one
/// implementation in the server; the protocol is the seam through which tests make reads fail.
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

extension Storage: OrderReads, OutboxStore {}
