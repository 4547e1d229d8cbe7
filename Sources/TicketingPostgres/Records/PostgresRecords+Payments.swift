import Foundation
import TicketingDomain
import TicketingRecords

/// The named transactions of paying and refunding. Each commits the order move, its seat and
/// coupon effects and its outbox event together, or nothing (TicketingStorage/Storage+Payments.swift
/// is the reference).
extension PostgresRecords: PaymentRecords {
    /// pending_payment → payment_processing, remembering the gateway's payment key.
    public func startPayment(orderId: String, paymentKey: String, at: Date) async throws -> Bool {
        try await write { c in
            try Self.moveOrder(c, id: orderId, on: .payRequested, at: at, paymentKey: paymentKey) != nil
        }
    }

    public func markPaymentUnknown(orderId: String, at: Date) async throws {
        try await write { c in _ = try Self.moveOrder(c, id: orderId, on: .gatewayOutcomeUnknown, at: at) }
    }

    /// The gateway charged: order paid, seats sold for good, `OrderPaid` queued. nil when the
    /// order was no longer awaiting payment (a replay, or another node's confirmation, changes nothing).
    public func confirmPayment(orderId: String, at: Date) async throws -> OrderRecord? {
        try await write { c in
            guard let order = try Self.moveOrder(c, id: orderId, on: .gatewayConfirmed, at: at) else { return nil }
            try c.query("UPDATE seat_hold SET status = 'sold', order_id = $1 WHERE id = $2", [order.id, order.holdId])
            try Self.insertSoldSeats(c, performanceId: order.performanceId, seatIds: order.seatIds, orderId: order.id)
            try Self.appendOrderEvent(c, "OrderPaid", order, at: at)
            return order
        }
    }

    /// Declined or given up: order failed, coupons back to the buyer, the hold back on its timer.
    public func failPayment(orderId: String, code: String, at: Date) async throws -> OrderRecord? {
        try await write { c in
            guard let order = try Self.moveOrder(c, id: orderId, on: .gatewayDeclined, at: at, failureCode: code) else {
                return nil
            }
            // A failed order is final and gives its seats back at once (docs/API.md), as in SQLite.
            try c.query("UPDATE seat_hold SET status = 'released' WHERE id = $1 AND status = 'active'", [order.holdId])
            try Self.returnCoupons(c, userCouponIds: order.applied.map(\.userCouponId), orderId: order.id)
            try Self.appendOrderEvent(c, "OrderFailed", order, at: at)
            return order
        }
    }

    /// An unpaid order whose hold ran out (or that the buyer abandoned).
    public func cancelUnpaid(orderId: String, at: Date) async throws -> OrderRecord? {
        try await write { c in
            guard let order = try Self.moveOrder(c, id: orderId, on: .cancelledUnpaid, at: at) else { return nil }
            try Self.returnCoupons(c, userCouponIds: order.applied.map(\.userCouponId), orderId: order.id)
            return order
        }
    }

    public func startRefund(orderId: String, at: Date) async throws -> Bool {
        try await write { c in try Self.moveOrder(c, id: orderId, on: .refundRequested, at: at) != nil }
    }

    public func refundFailed(orderId: String, at: Date) async throws {
        try await write { c in _ = try Self.moveOrder(c, id: orderId, on: .refundFailed, at: at) }
    }

    /// Money returned: seats back on sale, coupons back to the buyer, `OrderRefunded` queued.
    public func completeRefund(orderId: String, at: Date) async throws -> OrderRecord? {
        try await write { c in
            guard let order = try Self.moveOrder(c, id: orderId, on: .refundCompleted, at: at) else { return nil }
            try c.query("DELETE FROM sold_seat WHERE performance_id = $1 AND seat_id = ANY($2::text[]) AND order_id = $3",
                        [order.performanceId, PostgresTextArray(order.seatIds), order.id])
            try Self.returnCoupons(c, userCouponIds: order.applied.map(\.userCouponId), orderId: order.id)
            try Self.appendOrderEvent(c, "OrderRefunded", order, at: at)
            return order
        }
    }
}
