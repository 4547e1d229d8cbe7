import Foundation
import TicketingProtocol

/// The login form and the performance list.
extension Reducer {
    static func reduceLogin(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        switch intent {
        case .nextField: state.login.focusNext(1)
        case .previousField: state.login.focusNext(-1)
        case .type(let character): state.login.type(character)
        case .deleteBackward: state.login.deleteBackward()
        case .toggle, .move(.left), .move(.right): state.login.flipOption()
        case .click(_, let y): clickLogin(y: y, &state)
        case .activate:
            // Enter on a field moves on, so the form can be filled without Tab.
            if state.login.focus.isText, state.login.focus != state.login.fields.dropLast().last {
                state.login.focusNext(1)
                return []
            }
            return submit(&state)
        default: break
        }
        return []
    }

    private static func submit(_ state: inout AppState) -> [Effect] {
        let form = state.login
        if let problem = form.problem {
            state.login.error = problem
            return []
        }
        state.login.error = nil
        let email = form.email.trimmingCharacters(in: .whitespaces)
        switch form.mode {
        case .login:
            return request(.logIn(email: email, password: form.password), &state)
        case .signup:
            return request(.signUp(email: email, password: form.password,
                                   name: form.name.trimmingCharacters(in: .whitespaces),
                                   role: form.role.rawValue), &state)
        }
    }

    /// A click focuses the form row it lands on; a click on a focused option row flips it.
    private static func clickLogin(y: Int, _ state: inout AppState) {
        let layout = LoginScreen.layout(state.login, size: state.size)
        guard let field = layout.rows.first(where: { $0.y == y })?.field else { return }
        if state.login.focus == field, field == .mode || field == .role { state.login.flipOption() }
        state.login.focus = field
    }

    static func reducePerformances(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        let visible = PerformanceListScreen.visibleRows(size: state.size)
        let list = state.list
        switch intent {
        case .move(.down), .scroll(.down): state.list.select(list.selected + 1, visibleRows: visible)
        case .move(.up), .scroll(.up): state.list.select(list.selected - 1, visibleRows: visible)
        case .page(.down): state.list.select(list.selected + max(1, visible - 1), visibleRows: visible)
        case .page(.up): state.list.select(list.selected - max(1, visible - 1), visibleRows: visible)
        case .rowStart: state.list.select(0, visibleRows: visible)
        case .rowEnd: state.list.select(list.items.count - 1, visibleRows: visible)
        case .refresh: return request(.loadPerformances, &state)
        case .activate: return openHall(&state)
        case .showOrders where !state.isSeller: return showOrders(&state)
        case .showSales: return showSales(&state)
        case .showSettlements: return showSettlements(&state)
        case .showCoupons where state.isSeller: return showCouponsOfSelected(&state)
        case .newVenue: return showNewVenue(&state)
        case .newPerformance: return showNewPerformance(&state)
        case .logOut:
            state.session = nil
            state.route = .login
            state.login = LoginForm()
            state.list = PerformanceListState()
            state.hall = nil
            state.purchase = nil
            state.orders = OrdersState()
            state.seller = SellerState()
            state.couponList = nil
            state.venueDraft = nil
            state.performanceForm = nil
            state.notify("Logged out.")
            return [.logOut]
        case .click(_, let y):
            // A click highlights a row; a click on the highlighted row opens it.
            let area = PerformanceListScreen.tableArea(size: state.size)
            let index = list.scroll + (y - area.y - 1)
            guard y > area.y, y < area.maxY, list.items.indices.contains(index) else { return [] }
            if index == list.selected { return openHall(&state) }
            state.list.select(index, visibleRows: visible)
        default: break
        }
        return []
    }

    private static func openHall(_ state: inout AppState) -> [Effect] {
        guard let show = state.list.current else { return [] }
        state.hall = HallState(performance: show)
        state.route = .hall
        state.pending.remove(.hall)
        state.pending.remove(.seats)
        return request(.loadHall(performanceId: show.id, venueId: show.venueId), &state)
    }
}
