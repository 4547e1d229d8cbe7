import Foundation
import TicketingProtocol

/// Ways back out of a purchase: leaving the line, releasing a hold, cancelling or refunding an
/// order after a y/n question.
extension Reducer {
    /// Seconds between order reloads while a refund is being processed.
    static let refundPollInterval = 2

    static func leaveQueue(_ state: inout AppState) -> [Effect] {
        guard let purchase = state.purchase else { return [] }
        if purchase.isAdmitted {
            state.notify("It is your turn already — Enter picks seats; the turn ends by itself.", isError: true)
            return []
        }
        return request(.leaveQueue(performanceId: purchase.performance.id), &state)
    }

    static func applyQueueLeft(_ id: String, _ state: inout AppState) {
        state.pending.remove(.leaveQueue)
        guard state.purchase?.performance.id == id else { return }
        state.purchase = nil
        if state.route == .queue { state.route = state.hall?.performance.id == id ? .hall : .performances }
        state.notify("You left the line. Enter on the map joins it again, at the back.")
    }

    static func releaseHold(_ state: inout AppState) -> [Effect] {
        guard let hold = state.purchase?.hold else { return [] }
        return request(.releaseHold(holdId: hold.holdId), &state)
    }

    static func applyHoldReleased(_ holdId: String, _ state: inout AppState) -> [Effect] {
        state.pending.remove(.releaseHold)
        guard var purchase = state.purchase, purchase.hold?.holdId == holdId else { return [] }
        purchase.hold = nil
        purchase.quote = nil
        purchase.chosenCoupons = nil
        purchase.card.editing = false
        state.purchase = purchase
        state.notify("Hold released — the seats are back on sale.")
        guard state.route == .checkout else { return [] }
        state.route = .hall
        return request(.loadSeats(performanceId: purchase.performance.id), &state)
    }

    /// `x` on my orders: only orders the server can still cancel or refund are asked about.
    static func askToCancel(_ state: inout AppState) {
        guard let order = state.orders.current else { return }
        guard order.status == "paid" || order.status == "pending_payment" else {
            state.notify("An order that is {0} cannot be cancelled.", state.language.orderStatus(order.status),
                         isError: true)
            return
        }
        state.orders.confirmingCancel = order.orderId
    }

    static func answerCancel(_ yes: Bool, _ state: inout AppState) -> [Effect] {
        guard let id = state.orders.confirmingCancel else { return [] }
        state.orders.confirmingCancel = nil
        guard yes else {
            state.notify("Kept the order.")
            return []
        }
        return request(.cancelOrder(orderId: id), &state)
    }

    static func applyOrderCancelled(_ id: String, status: String, _ state: inout AppState) -> [Effect] {
        state.pending.remove(.cancelOrder)
        if let at = state.orders.orders.firstIndex(where: { $0.orderId == id }) {
            state.orders.orders[at].status = status
            let total = Money.krw(state.orders.orders[at].total)
            switch status {
            case "refunded": state.notify("Refunded {0} — the seats are back on sale.", total)
            case "refund_processing": state.notify("Refund of {0} requested; the gateway is processing it.", total)
            default: state.notify("Order {0}.", state.language.orderStatus(status))
            }
        }
        if state.purchase?.order?.orderId == id { state.purchase?.order?.status = status }
        return request(.loadOrders, &state)
    }

    static func ordersTick(_ state: inout AppState) -> [Effect] {
        guard state.orders.orders.contains(where: { $0.status == "refund_processing" }), state.connection == .online,
              Int(state.now.timeIntervalSince1970) % refundPollInterval == 0 else { return [] }
        return request(.loadOrders, &state)
    }
}
