import Foundation
import GRDB
import TicketingDomain

/// The named transactions of checkout. Each commits the order change, its seat and coupon
/// effects and its outbox event together, or nothing.
extension Storage {
    /// The single writer makes the look for the hold's order and the insert one step, so two
    /// requests for one hold never both insert (`OrderRecordStore.createOrder`).
    @discardableResult
    public func createOrder(_ order: OrderRecord) async throws -> OrderRecord {
        try await writeDurably { db in
            if let standing = try db.row(sql: Self.standingOrderOfHold,
                                         arguments: [order.userId, order.holdId, order.createdAt.storedText]) {
                return try Self.order(from: standing)
            }
            try Self.insertOrder(db, order)
            try CouponLedger.reserve(db, order: order)
            return order
        }
    }

    /// pending_payment → payment_processing, remembering the gateway's payment key.
    public func startPayment(orderId: String, paymentKey: String, at: Date) async throws -> Bool {
        try await writeDurably { db in
            try Self.moveOrder(db, id: orderId, on: .payRequested, at: at,
                               paymentKey: paymentKey)
        }
    }

    public func markPaymentUnknown(orderId: String, at: Date) async throws {
        try await writeDurably { db in
            _ = try Self.moveOrder(db, id: orderId, on: .gatewayOutcomeUnknown, at: at)
        }
    }

    /// The gateway charged: order paid, seats sold for good, coupons consumed, `OrderPaid` queued.
    /// nil when the order was no longer awaiting payment (a replay changes nothing).
    public func confirmPayment(orderId: String, at: Date) async throws -> OrderRecord? {
        try await writeDurably { db in
            guard let order = try Self.moveOrderReturning(db, id: orderId, on: .gatewayConfirmed, at: at) else {
                return nil
            }
            try db.run(sql: "UPDATE seatHold SET status = 'sold', orderId = ? WHERE id = ?",
                           arguments: [order.id, order.holdId])
            // One statement for all the order's seats.
            if !order.seatIds.isEmpty {
                try db.run(sql: "INSERT INTO soldSeat (performanceId, seatId, orderId) VALUES "
                               + Self.rowMarks(3, count: order.seatIds.count),
                           arguments: StatementArguments(order.seatIds.flatMap { [order.performanceId, $0, order.id] }))
            }
            try Self.appendEvent(db, eventId: "OrderPaid:\(order.id)", aggregateId: order.id, type: "OrderPaid",
                                 payload: try BlobCoding.encode(Self.eventPayload(order, at: at)), at: at)
            return order
        }
    }

    /// Declined or given up: order failed, coupons back to the buyer, the hold released.
    public func failPayment(orderId: String, code: String, at: Date) async throws -> OrderRecord? {
        try await writeDurably { db in
            guard let order = try Self.moveOrderReturning(db, id: orderId, on: .gatewayDeclined, at: at,
                                                          failureCode: code) else { return nil }
            // A failed order is final and gives its seats back at once (docs/API.md).
            try db.run(sql: "UPDATE seatHold SET status = 'released' WHERE id = ? AND status = 'active'",
                           arguments: [order.holdId])
            try CouponLedger.release(db, order: order)
            try Self.appendEvent(db, eventId: "OrderFailed:\(order.id)", aggregateId: order.id, type: "OrderFailed",
                                 payload: try BlobCoding.encode(Self.eventPayload(order, at: at)), at: at)
            return order
        }
    }

    /// An unpaid order whose hold ran out (or that the buyer abandoned).
    public func cancelUnpaid(orderId: String, at: Date) async throws -> OrderRecord? {
        try await writeDurably { db in
            guard let order = try Self.moveOrderReturning(db, id: orderId, on: .cancelledUnpaid, at: at) else {
                return nil
            }
            try CouponLedger.release(db, order: order)
            return order
        }
    }

    public func startRefund(orderId: String, at: Date) async throws -> Bool {
        try await writeDurably { db in
            try Self.moveOrder(db, id: orderId, on: .refundRequested, at: at)
        }
    }

    public func refundFailed(orderId: String, at: Date) async throws {
        try await writeDurably { db in
            _ = try Self.moveOrder(db, id: orderId, on: .refundFailed, at: at)
        }
    }

    /// Money returned: seats back on sale, coupons back to the buyer, `OrderRefunded` queued.
    public func completeRefund(orderId: String, at: Date) async throws -> OrderRecord? {
        try await writeDurably { db in
            guard let order = try Self.moveOrderReturning(db, id: orderId, on: .refundCompleted, at: at) else {
                return nil
            }
            // One statement for all the order's seats, their ids as JSON text (`json_each` reads no blob).
            let seats = String(decoding: try BlobCoding.encode(order.seatIds), as: UTF8.self)
            try db.run(sql: """
                DELETE FROM soldSeat
                WHERE performanceId = ? AND orderId = ? AND seatId IN (SELECT value FROM json_each(?))
                """, arguments: [order.performanceId, order.id, seats])
            try CouponLedger.release(db, order: order)
            try Self.appendEvent(db, eventId: "OrderRefunded:\(order.id)", aggregateId: order.id, type: "OrderRefunded",
                                 payload: try BlobCoding.encode(Self.eventPayload(order, at: at)), at: at)
            return order
        }
    }
}
