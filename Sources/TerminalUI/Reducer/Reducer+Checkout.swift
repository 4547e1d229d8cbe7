import Foundation
import TicketingProtocol

/// Holding seats, the quote and its coupons, the card and the payment's outcome.
extension Reducer {
    /// Enter on the map: hold the picked seats once admitted, else join the waiting room.
    static func holdOrJoin(_ state: inout AppState) -> [Effect] {
        guard let hall = state.hall else { return [] }
        guard let purchase = state.purchase, purchase.performance.id == hall.performance.id,
              let token = purchase.admissionToken else {
            return joinQueue(hall.performance, &state)
        }
        if hall.selected.isEmpty {
            state.notify("Pick seats with Space first, or press b for the best available.", isError: true)
            return []
        }
        return request(.hold(performanceId: hall.performance.id, token: token, seatIds: hall.selected,
                             grade: nil, count: nil), &state)
    }

    /// `b`: the best adjacent seats of the cursor's grade, as many as are picked (at least two);
    /// on the overview, of the picked section's main grade within that section; zoomed into a
    /// hall that has an overview, of the cursor's grade within the cursor's section ("there").
    static func holdBest(_ state: inout AppState, section: HallSection? = nil) -> [Effect] {
        guard let hall = state.hall, let seat = hall.cursorSeat else { return [] }
        guard let token = state.purchase?.admissionToken, state.purchase?.performance.id == hall.performance.id else {
            state.notify("Join the waiting room first: press Enter.", isError: true)
            return []
        }
        let count = min(hall.maxSeats, max(hall.selected.count, 2))
        let zoomedSection = hallNeedsOverview(hall, size: state.size) ? seat.section : nil
        return request(.hold(performanceId: hall.performance.id, token: token, seatIds: nil,
                             grade: section?.mainGrade ?? seat.grade, count: count,
                             section: section?.name ?? zoomedSection), &state)
    }

    static func applyHold(_ hold: HoldDTO, _ state: inout AppState) -> [Effect] {
        guard var purchase = state.purchase, purchase.performance.id == hold.performanceId else { return [] }
        purchase.hold = hold
        purchase.quote = nil
        purchase.chosenCoupons = nil
        purchase.couponCursor = 0
        purchase.order = nil
        purchase.card.editing = false
        state.purchase = purchase
        state.hall?.selected = []
        state.route = .checkout
        state.pending.remove(.quote)
        return request(.quote(holdId: hold.holdId, userCouponIds: nil), &state) + request(.loadMyCoupons, &state)
    }

    static func reduceCheckout(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        guard var purchase = state.purchase, let hold = purchase.hold else { return [] }
        if purchase.card.editing { return reduceCard(intent, &purchase, hold: hold, &state) }
        let count = purchase.usableCoupons.count
        switch intent {
        case .back:
            state.route = .hall
            state.notify("Your hold stays until it expires; a new hold replaces it.")
            return []
        case .move(.down) where count > 0: purchase.couponCursor = min(count - 1, purchase.couponCursor + 1)
        case .move(.up): purchase.couponCursor = max(0, purchase.couponCursor - 1)
        case .toggleCoupon, .toggle:
            guard purchase.usableCoupons.indices.contains(purchase.couponCursor) else {
                state.notify("You have no coupons for this order.", isError: true)
                return []
            }
            let id = purchase.usableCoupons[purchase.couponCursor].userCouponId
            var chosen = purchase.effectiveCoupons
            if let at = chosen.firstIndex(of: id) { chosen.remove(at: at) } else { chosen.append(id) }
            purchase.chosenCoupons = chosen
            state.purchase = purchase
            state.pending.remove(.quote)
            return request(.quote(holdId: hold.holdId, userCouponIds: chosen), &state)
        case .startPayment, .activate:
            if hold.expiresAt <= state.now {
                state.notify("The hold expired — go back and pick seats again.", isError: true)
                return []
            }
            purchase.card.editing = true
            purchase.card.focus = .number
        case .refresh:
            return request(.quote(holdId: hold.holdId, userCouponIds: purchase.chosenCoupons), &state)
        case .releaseHold:
            return releaseHold(&state)
        default: return []
        }
        state.purchase = purchase
        return []
    }

    private static func reduceCard(_ intent: Intent, _ purchase: inout PurchaseState, hold: HoldDTO,
                                   _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        switch intent {
        case .type(let character): purchase.card.type(character)
        case .deleteBackward: purchase.card.deleteBackward()
        case .nextField, .previousField: purchase.card.focus = purchase.card.focus == .number ? .expiry : .number
        case .back: purchase.card.editing = false
        case .activate:
            if let problem = purchase.card.problem {
                state.notify(problem, isError: true)
            } else if purchase.order?.status == "failed", let token = purchase.admissionToken {
                // A failed order let its seats go (docs/API.md): hold them again, then pay.
                state.purchase = purchase
                state.notify("Holding your seats again…")
                return request(.hold(performanceId: hold.performanceId, token: token, seatIds: hold.seatIds,
                                     grade: nil, count: nil), &state)
            } else {
                effects = request(.placeOrder(holdId: hold.holdId, userCouponIds: purchase.chosenCoupons,
                                              cardNumber: purchase.card.number, expiry: purchase.card.expiry), &state)
            }
        default: break
        }
        state.purchase = purchase
        return effects
    }

    static func applyOrder(_ order: OrderDTO, placed: Bool, _ state: inout AppState) {
        guard var purchase = state.purchase else { return }
        if placed {
            purchase.order = order
            purchase.card.editing = false
            purchase.paymentStartedAt = state.now
            state.route = .payment
        } else if purchase.order?.orderId == order.orderId {
            let payment = purchase.order?.payment
            purchase.order = order
            if purchase.order?.payment == nil { purchase.order?.payment = payment }
        } else {
            return
        }
        state.purchase = purchase
        announce(order.status, &state)
    }

    static func applyOrderUpdate(_ id: String, status: String, failureCode: String?, _ state: inout AppState) {
        guard var order = state.purchase?.order, order.orderId == id, order.status != status else { return }
        order.status = status
        order.failureCode = failureCode ?? order.failureCode
        state.purchase?.order = order
        announce(status, &state)
    }

    private static func announce(_ status: String, _ state: inout AppState) {
        if status == "paid" { state.notify("Paid — Enter shows your orders.") }
        if status == "failed" { state.notify("The payment failed — Enter to try another card.", isError: true) }
    }

    /// The checkout step failed after the order was made: the order shows as failed with why.
    static func failOrder(_ message: String, _ state: inout AppState) {
        guard var order = state.purchase?.order, order.status == "pending_payment" else { return }
        order.status = "failed"
        order.failureCode = message
        state.purchase?.order = order
    }

    static func reducePayment(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        guard let order = state.purchase?.order else { return [] }
        switch intent {
        case .activate, .back:
            if order.status == "failed" {
                state.route = .checkout
                state.purchase?.card.editing = intent == .activate
                return []
            }
            if order.status == "paid" { return showTickets(orderId: order.orderId, &state) }
            // Still processing: Enter waits, Esc leaves; the result lands in my orders either way.
            if intent == .back { state.route = .performances }
        case .showOrders: return showOrders(&state)
        case .refresh: return request(.loadOrder(orderId: order.orderId), &state)
        default: break
        }
        return []
    }

    static func paymentTick(_ state: inout AppState) -> [Effect] {
        guard state.route == .payment, let order = state.purchase?.order,
              order.status == "payment_processing" || order.status == "pending_payment",
              Int(state.now.timeIntervalSince1970) % 2 == 0 else { return [] }
        return request(.loadOrder(orderId: order.orderId), &state)
    }
}
