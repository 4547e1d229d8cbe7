import Foundation
import GRDB
import TicketingDomain

extension Storage {
    static func order(from row: Row) throws -> OrderRecord {
        var order = OrderRecord(
            id: row["id"], userId: row["userId"], performanceId: row["performanceId"], sellerId: row["sellerId"],
            holdId: row["holdId"], seatIds: try BlobCoding.decodeStrings(from: row["seatIdsJSON"]),
            subtotal: row["subtotal"], discount: row["discount"], total: row["total"],
            applied: try BlobCoding.decodeList([AppliedCoupon].self, from: row["appliedJSON"]),
            status: OrderStatus(rawValue: row["status"]) ?? .failed, createdAt: row["createdAt"],
            expiresAt: row["expiresAt"])
        order.paymentKey = row["paymentKey"]
        order.failureCode = row["failureCode"]
        order.updatedAt = row["updatedAt"]
        order.paidAt = row["paidAt"]
        return order
    }

    public func order(id: String) async throws -> OrderRecord? {
        try readNow { db in
            try db.row(sql: "SELECT * FROM ticketOrder WHERE id = ?", arguments: [id]).map(Self.order(from:))
        }
    }

    public func orders(userId: String) async throws -> [OrderRecord] {
        try readNow { db in
            try db.rows(sql: "SELECT * FROM ticketOrder WHERE userId = ? ORDER BY createdAt DESC, id",
                             arguments: [userId]).map(Self.order(from:))
        }
    }

    public func orders(status: [OrderStatus]) async throws -> [OrderRecord] {
        try await pool.read { db in
            let marks = status.map { _ in "?" }.joined(separator: ",")
            return try db.rows(sql: "SELECT * FROM ticketOrder WHERE status IN (\(marks)) ORDER BY createdAt",
                                    arguments: StatementArguments(status.map(\.rawValue))).map(Self.order(from:))
        }
    }

    public func expiredPendingOrders(now: Date) async throws -> [OrderRecord] {
        try await pool.read { db in
            try db.rows(sql: "SELECT * FROM ticketOrder WHERE status = 'pending_payment' AND expiresAt <= ?",
                             arguments: [now]).map(Self.order(from:))
        }
    }

    static func insertOrder(_ db: Database, _ order: OrderRecord) throws {
        try db.run(sql: """
            INSERT INTO ticketOrder (id, userId, performanceId, sellerId, holdId, seatIdsJSON, subtotal, discount, total,
                appliedJSON, status, createdAt, updatedAt, expiresAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [order.id, order.userId, order.performanceId, order.sellerId, order.holdId,
                             try BlobCoding.encode(order.seatIds), order.subtotal, order.discount, order.total,
                             try BlobCoding.encode(order.applied), order.status.rawValue, order.createdAt.storedText,
                             order.updatedAt.storedText, order.expiresAt.storedText])
    }

    /// Compare-and-set on the status: true when the order was in a state `event` leaves from and
    /// moved where it leads. Both come from `OrderMachine`, never from a list here.
    static func moveOrder(_ db: Database, id: String, on event: OrderEvent, at: Date,
                          paymentKey: String? = nil, failureCode: String? = nil) throws -> Bool {
        let from = OrderMachine.sources(of: event)
        let to = OrderMachine.target(of: event)
        let marks = from.map { _ in "?" }.joined(separator: ",")
        let stamp = at.storedText
        var arguments: [any DatabaseValueConvertible & Sendable] = [to.rawValue, stamp]
        var extra = ""
        if let paymentKey { extra += ", paymentKey = ?"; arguments.append(paymentKey) }
        if let failureCode { extra += ", failureCode = ?"; arguments.append(failureCode) }
        if to == .paid { extra += ", paidAt = ?"; arguments.append(stamp) }
        arguments.append(id)
        arguments += from.map { $0.rawValue as any DatabaseValueConvertible & Sendable }
        try db.run(sql: "UPDATE ticketOrder SET status = ?, updatedAt = ?\(extra) WHERE id = ? AND status IN (\(marks))",
                       arguments: StatementArguments(arguments))
        return db.changesCount == 1
    }

    static func eventPayload(_ order: OrderRecord, at: Date) -> OrderEventPayload {
        OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                          performanceId: order.performanceId, seatIds: order.seatIds, subtotal: order.subtotal,
                          discount: order.discount, total: order.total, applied: order.applied, occurredAt: at)
    }
}
