import Foundation

// The bodies of the rush's hot routes (join, status and stats, hold, order, pay) and the pushes every
// buyer gets once (admitted, order updated), written by hand.
// Keys in `.sortedKeys` order; `ResponseWireTests` compares each with `WireJSON.encode`.

extension QueueStatusDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("admissionToken", admissionToken)
        object.field("ahead", ahead)
        object.field("etaSeconds", etaSeconds)
        object.field("mayMissOut", mayMissOut)
        object.field("position", position)
        object.field("preQueue", preQueue)
        object.field("state", state)
        object.field("tokenExpiresAt", tokenExpiresAt)
    }
}

extension QueueStatsDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("admittedActive", admittedActive)
        object.field("measuredRatePerSecond", measuredRatePerSecond)
        object.field("opened", opened)
        object.field("preQueueOrder", preQueueOrder)
        object.field("ratePerSecond", ratePerSecond)
        object.field("saleOpensAt", saleOpensAt)
        object.field("seatsHeld", seatsHeld)
        object.field("seatsLeft", seatsLeft)
        object.field("seed", seed)
        object.field("seedCommitment", seedCommitment)
        object.field("soldOut", soldOut)
        object.field("waiting", waiting)
    }
}

extension HoldDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("amount", amount)
        object.field("expiresAt", expiresAt)
        object.field("holdId", holdId)
        object.field("performanceId", performanceId)
        object.field("seatIds", seatIds)
    }
}

extension AppliedCouponDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("amount", amount)
        object.field("seatId", seatId)
        object.field("userCouponId", userCouponId)
    }
}

extension PaymentInfoDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("amount", amount)
        object.field("clientKey", clientKey)
        object.field("gatewayUrl", gatewayUrl)
        object.field("orderId", orderId)
    }
}

extension OrderDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("applied", applied)
        object.field("createdAt", createdAt)
        object.field("discount", discount)
        object.field("expiresAt", expiresAt)
        object.field("failureCode", failureCode)
        object.field("holdId", holdId)
        object.field("orderId", orderId)
        object.field("paidAt", paidAt)
        object.field("payment", payment)
        object.field("performanceId", performanceId)
        object.field("seatIds", seatIds)
        object.field("status", status)
        object.field("subtotal", subtotal)
        object.field("total", total)
    }
}

extension OrderList: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("orders", orders)
    }
}

extension OrderStatusDTO: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("orderId", orderId)
        object.field("status", status)
    }
}

extension QueueAdmittedPush: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("admissionToken", admissionToken)
        object.field("performanceId", performanceId)
        object.field("tokenExpiresAt", tokenExpiresAt)
        object.field("type", type)
    }
}

extension OrderUpdatedPush: WireWritable {
    public func write(to object: inout WireObject) {
        object.field("failureCode", failureCode)
        object.field("orderId", orderId)
        object.field("status", status)
        object.field("type", type)
    }
}
