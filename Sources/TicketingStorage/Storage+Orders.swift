import Foundation
import GRDB
import TicketingDomain

extension Storage {
    /// The order columns in the positions `order(from:)` reads them at. Reading a row by column
    /// name lowercases the name on every read (GRDB's case-insensitive lookup), seventeen times
    /// an order; by position it is an array index.
    static let orderColumns = """
        id, userId, performanceId, sellerId, holdId, seatIdsJSON, subtotal, discount, total, appliedJSON,
            status, paymentKey, failureCode, createdAt, updatedAt, expiresAt, paidAt
        """
    static let orderSelect = "SELECT \(orderColumns) FROM ticketOrder"
    static let orderById = orderSelect + " WHERE id = ?"
    static let ordersOfUser = orderSelect + " WHERE userId = ? ORDER BY createdAt DESC, id"
    /// The order that stands on a hold (`OrderRecordStore.createOrder`, `standingOrder`), found
    /// through the buyer's orders (indexed): a hold belongs to one buyer.
    static let standingOrderOfHold = orderSelect + """
         WHERE userId = ? AND holdId = ? AND status <> 'cancelled' AND (status <> 'pending_payment' OR expiresAt > ?)
         ORDER BY createdAt, id LIMIT 1
        """

    /// An order from a row of `orderSelect`.
    static func order(from row: Row) throws -> OrderRecord {
        var order = OrderRecord(
            id: row[0], userId: row[1], performanceId: row[2], sellerId: row[3],
            holdId: row[4], seatIds: try BlobCoding.decodeStrings(from: row[5]),
            subtotal: row[6], discount: row[7], total: row[8],
            applied: try BlobCoding.decodeList([AppliedCoupon].self, from: row[9]),
            status: OrderStatus(rawValue: row[10]) ?? .failed, createdAt: row[13],
            expiresAt: row[15])
        order.paymentKey = row[11]
        order.failureCode = row[12]
        order.updatedAt = row[14]
        order.paidAt = row[16]
        return order
    }

    public func order(id: String) async throws -> OrderRecord? {
        try readNow { db in
            try db.row(sql: Self.orderById, arguments: [id]).map(Self.order(from:))
        }
    }

    public func standingOrder(userId: String, holdId: String, now: Date) async throws -> OrderRecord? {
        try readNow { db in
            try db.row(sql: Self.standingOrderOfHold, arguments: [userId, holdId, now.storedText])
                .map(Self.order(from:))
        }
    }

    public func orders(userId: String) async throws -> [OrderRecord] {
        try readNow { db in
            try db.rows(sql: Self.ordersOfUser, arguments: [userId]).map(Self.order(from:))
        }
    }

    public func orders(status: [OrderStatus]) async throws -> [OrderRecord] {
        try await pool.read { db in
            let marks = status.map { _ in "?" }.joined(separator: ",")
            return try db.rows(sql: Self.orderSelect + " WHERE status IN (\(marks)) ORDER BY createdAt",
                                    arguments: StatementArguments(status.map(\.rawValue))).map(Self.order(from:))
        }
    }

    public func expiredPendingOrders(now: Date) async throws -> [OrderRecord] {
        try await pool.read { db in
            try db.rows(sql: Self.orderSelect + " WHERE status = 'pending_payment' AND expiresAt <= ?",
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
        let (sql, arguments) = orderMove(id: id, on: event, at: at, paymentKey: paymentKey, failureCode: failureCode)
        try db.run(sql: sql, arguments: arguments)
        return db.changesCount == 1
    }

    /// `moveOrder` that answers the order as the move left it (nil when it did not move), in the
    /// same statement: a read of the order after the update was one more statement per payment.
    static func moveOrderReturning(_ db: Database, id: String, on event: OrderEvent, at: Date,
                                   failureCode: String? = nil) throws -> OrderRecord? {
        let (sql, arguments) = orderMove(id: id, on: event, at: at, paymentKey: nil, failureCode: failureCode)
        return try db.row(sql: sql + " RETURNING " + orderColumns, arguments: arguments).map(order(from:))
    }

    /// The compare-and-set `UPDATE` of one order lifecycle move (`OrderMachine`).
    private static func orderMove(id: String, on event: OrderEvent, at: Date, paymentKey: String?,
                                  failureCode: String?) -> (String, StatementArguments) {
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
        return ("UPDATE ticketOrder SET status = ?, updatedAt = ?\(extra) WHERE id = ? AND status IN (\(marks))",
                StatementArguments(arguments))
    }

    static func eventPayload(_ order: OrderRecord, at: Date) -> OrderEventPayload {
        OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                          performanceId: order.performanceId, seatIds: order.seatIds, subtotal: order.subtotal,
                          discount: order.discount, total: order.total, applied: order.applied, occurredAt: at)
    }
}
