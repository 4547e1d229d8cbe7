import Foundation
import GRDB
import TicketingDomain

/// What `/metrics` reads of the database at each scrape.
public struct OperatorCounts: Sendable, Equatable {
    public var openOrders: [(OrderStatus, Int)]
    public var outboxPending: Int
    /// Seconds since the oldest undelivered event was committed; nil when none is pending.
    public var outboxOldestAge: Double?

    public static func == (lhs: OperatorCounts, rhs: OperatorCounts) -> Bool {
        lhs.openOrders.map { "\($0.0.rawValue)=\($0.1)" } == rhs.openOrders.map { "\($0.0.rawValue)=\($0.1)" }
            && lhs.outboxPending == rhs.outboxPending && lhs.outboxOldestAge == rhs.outboxOldestAge
    }
}

extension Storage {
    /// Orders that are not final: a scrape counts only these, each through the status index,
    /// so its cost follows the orders in flight, never the day's paid ones.
    public static let openOrderStatuses: [OrderStatus] = [.pendingPayment, .paymentProcessing, .paymentUnknown,
                                                          .refundProcessing]

    /// Indexed counts only: `ticketOrder_on_status` for the open orders, `outboxEvent_pending`
    /// for the backlog (whose rows are the few not yet delivered).
    public func operatorCounts(now: Date) async throws -> OperatorCounts {
        try await pool.read { db in
            var open: [(OrderStatus, Int)] = []
            for status in Self.openOrderStatuses {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticketOrder WHERE status = ?",
                                             arguments: [status.rawValue]) ?? 0
                open.append((status, count))
            }
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS pending, MIN(createdAt) AS oldest FROM outboxEvent WHERE deliveredAt IS NULL
                """)
            let oldest: Date? = row?["oldest"]
            return OperatorCounts(openOrders: open, outboxPending: row?["pending"] ?? 0,
                                  outboxOldestAge: oldest.map { now.timeIntervalSince($0) })
        }
    }
}
