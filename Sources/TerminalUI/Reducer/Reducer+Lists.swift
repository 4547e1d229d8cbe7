import Foundation
import TicketingProtocol

/// The buyer's orders, a performance's coupons, and the seller's sales and settlements.
extension Reducer {
    static func showOrders(_ state: inout AppState) -> [Effect] {
        state.route = .orders
        return request(.loadOrders, &state)
    }

    static func reduceOrders(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        let count = state.orders.orders.count
        if state.orders.confirmingCancel != nil {
            if case .confirm(let yes) = intent { return answerCancel(yes, &state) }
            return []
        }
        switch intent {
        case .cancelOrder: askToCancel(&state)
        case .move(.down), .scroll(.down): state.orders.selected = min(max(0, count - 1), state.orders.selected + 1)
        case .move(.up), .scroll(.up): state.orders.selected = max(0, state.orders.selected - 1)
        case .refresh: return request(.loadOrders, &state)
        case .back:
            state.route = .performances
            return request(.loadPerformances, &state)
        default: break
        }
        return []
    }

    static func showCoupons(_ state: inout AppState) -> [Effect] {
        guard let show = state.hall?.performance else { return [] }
        state.couponList = CouponListState(performance: show)
        state.route = .coupons
        return request(.loadCoupons(performanceId: show.id), &state)
    }

    static func reduceCoupons(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        guard var list = state.couponList else { return [] }
        if list.form != nil {
            let effects = reduceCouponForm(intent, &list, &state)
            state.couponList = list
            return effects
        }
        switch intent {
        case .newCoupon where state.isSeller:
            list.form = CouponFormState(performance: list.performance)
        case .move(.down), .scroll(.down): list.selected = min(max(0, list.coupons.count - 1), list.selected + 1)
        case .move(.up), .scroll(.up): list.selected = max(0, list.selected - 1)
        case .refresh: return request(.loadCoupons(performanceId: list.performance.id), &state)
        case .back:
            state.route = state.hall?.performance.id == list.performance.id ? .hall : .performances
            state.couponList = nil
            return []
        case .activate:
            guard list.coupons.indices.contains(list.selected) else { return [] }
            if state.isSeller {
                state.notify("Sellers cannot claim coupons.", isError: true)
                return []
            }
            return request(.claimCoupon(couponId: list.coupons[list.selected].id), &state)
        default: break
        }
        state.couponList = list
        return []
    }

    static func reduceSales(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        switch intent {
        case .back: state.route = .performances
        case .refresh:
            if let show = state.seller.salesPerformance { return request(.loadSales(performanceId: show.id), &state) }
        default: break
        }
        return []
    }

    static func showSales(_ state: inout AppState) -> [Effect] {
        guard state.isSeller, let show = state.list.current else { return [] }
        if state.seller.salesPerformance?.id != show.id {
            state.seller.sales = nil
            state.seller.live = nil
        }
        state.seller.salesPerformance = show
        state.route = .sales
        return request(.loadSales(performanceId: show.id), &state)
    }

    static func showSettlements(_ state: inout AppState) -> [Effect] {
        guard state.isSeller else { return [] }
        state.route = .settlements
        return request(.loadSettlements, &state)
    }

    static func reduceSettlements(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        let count = state.seller.settlements.count
        switch intent {
        case .move(.down), .scroll(.down): state.seller.selected = min(max(0, count - 1), state.seller.selected + 1)
        case .move(.up), .scroll(.up): state.seller.selected = max(0, state.seller.selected - 1)
        case .refresh: return request(.loadSettlements, &state)
        case .back: state.route = .performances
        case .exportStatement:
            guard state.seller.settlements.indices.contains(state.seller.selected) else { return [] }
            return request(.exportStatement(settlementId: state.seller.settlements[state.seller.selected].id), &state)
        default: break
        }
        return []
    }

    /// Results for these screens; each clears its request and fills its state.
    static func applyListResult(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        switch intent {
        case .ordersLoaded(let orders):
            state.pending.remove(.orders)
            let refunding = Set(state.orders.orders.filter { $0.status == "refund_processing" }.map(\.orderId))
            if let done = orders.first(where: { refunding.contains($0.orderId) && $0.status == "refunded" }) {
                state.notify("Refunded {0} — the refund is complete.", Money.krw(done.total))
            }
            state.orders.orders = orders.sorted { $0.createdAt > $1.createdAt }
            state.orders.selected = min(state.orders.selected, max(0, orders.count - 1))
            state.orders.loaded = true
        case .couponsLoaded(let id, let coupons):
            state.pending.remove(.coupons)
            guard state.couponList?.performance.id == id else { return [] }
            state.couponList?.coupons = coupons
            state.couponList?.loaded = true
            state.couponList?.refreshedAt = state.now
            if let list = state.couponList, list.selected >= coupons.count {
                state.couponList?.selected = max(0, coupons.count - 1)
            }
        case .couponClaimed(_, let status):
            state.pending.remove(.claim)
            if status == "pending" { state.notify("Coupon won — it is being issued.") } else { state.notify("Coupon claimed.") }
            if let id = state.couponList?.performance.id { return request(.loadCoupons(performanceId: id), &state) }
        case .salesLoaded(let sales):
            state.pending.remove(.sales)
            if state.seller.salesPerformance?.id == sales.performanceId { state.seller.sales = sales }
        case .settlementsLoaded(let settlements):
            state.pending.remove(.settlements)
            state.seller.settlements = settlements.sorted { $0.periodStart < $1.periodStart }
            if state.seller.selected >= settlements.count { state.seller.selected = max(0, settlements.count - 1) }
        case .statementExported(let path):
            state.pending.remove(.export)
            state.seller.exportedPath = path
            state.notify("Statement saved to {0}", path)
        default: break
        }
        return []
    }
}
