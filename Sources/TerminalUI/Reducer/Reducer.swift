import Foundation
import TicketingProtocol

/// The one place the app's state changes: `reduce(state, intent) -> (state, effects)`, pure and
/// synchronous. The runner performs the effects and feeds their results back as intents.
public enum Reducer {
    /// How often an open hall map reloads seat states while no push channel exists.
    public static let seatRefreshInterval: TimeInterval = 10

    public static func reduce(_ state: AppState, _ intent: Intent) -> (AppState, [Effect]) {
        var next = state
        let effects = apply(intent, to: &next)
        return (next, effects)
    }

    static func apply(_ intent: Intent, to state: inout AppState) -> [Effect] {
        // Environment changes and results land whatever is on screen.
        switch intent {
        case .resized(let size):
            state.size = size
            rescrollHall(&state, fromOrigin: true)
            if let hall = state.hall, !hall.zoomed, !hallNeedsOverview(hall, size: size) { state.hall?.zoomed = true }
            state.list.select(state.list.selected, visibleRows: PerformanceListScreen.visibleRows(size: size))
            return []
        case .tick(let now):
            return tick(now, &state)
        case .salesLive(let snapshot):
            if state.seller.salesPerformance?.id == snapshot.performanceId { state.seller.live = snapshot }
            return []
        case .toggleContrast:
            state.display.highContrast.toggle()
            state.notify("Colours: {0}.", state.language.text(state.display.name, context: "theme"))
            return []
        case .connection(let connection):
            let wasOffline = state.connection != .online
            state.connection = connection
            return wasOffline && connection == .online ? refreshCurrent(&state) : []
        case .signedIn, .performancesLoaded, .hallLoaded, .seatsLoaded, .failed:
            return applyResult(intent, to: &state)
        case .queueStatus, .queueStats, .admitted, .pushConnection, .seatStates, .held, .holdExpired,
             .myCouponsLoaded, .quoted, .orderPlaced, .orderLoaded, .orderUpdated:
            return applyPurchaseResult(intent, &state)
        case .ordersLoaded, .couponsLoaded, .couponClaimed, .salesLoaded, .settlementsLoaded, .statementExported:
            return applyListResult(intent, &state)
        case .hallFilesLoaded, .venueCreated, .venueChoicesLoaded, .performanceCreated, .couponCreated, .rejected:
            return applySellerResult(intent, &state)
        case .ticketsLoaded(let tickets):
            return applyTicketsLoaded(tickets, &state)
        case .checkinsLoaded(let summary):
            if state.seller.salesPerformance?.id == summary.performanceId { state.seller.checkins = summary }
            return []
        case .queueLeft(let id):
            applyQueueLeft(id, &state)
            return []
        case .holdReleased(let id):
            return applyHoldReleased(id, &state)
        case .orderCancelled(let id, let status):
            return applyOrderCancelled(id, status: status, &state)
        case .quit:
            return [.quit]
        default:
            break
        }
        if state.isTooSmall { return [] }
        if intent == .toggleHelp {
            state.helpVisible.toggle()
            return []
        }
        if state.helpVisible { return [] }
        if intent == .showTickets {
            let order = state.route == .payment ? state.purchase?.order?.orderId
                : state.route == .orders ? state.orders.current?.orderId : nil
            return showTickets(orderId: order, &state)
        }
        switch state.route {
        case .login: return reduceLogin(intent, &state)
        case .performances: return reducePerformances(intent, &state)
        case .hall: return reduceHall(intent, &state)
        case .queue: return reduceQueue(intent, &state)
        case .checkout: return reduceCheckout(intent, &state)
        case .payment: return reducePayment(intent, &state)
        case .orders: return reduceOrders(intent, &state)
        case .coupons: return reduceCoupons(intent, &state)
        case .sales: return reduceSales(intent, &state)
        case .settlements: return reduceSettlements(intent, &state)
        case .newVenue: return reduceNewVenue(intent, &state)
        case .newPerformance: return reducePerformanceForm(intent, &state)
        case .tickets: return reduceTickets(intent, &state)
        }
    }

    private static func tick(_ now: Date, _ state: inout AppState) -> [Effect] {
        state.now = now
        if let notice = state.notice, notice.expiresAt <= now { state.notice = nil }
        if state.route == .queue { return queueTick(&state) }
        if state.route == .payment { return paymentTick(&state) }
        if state.route == .coupons { return couponTick(&state) }
        if state.route == .orders { return ordersTick(&state) }
        if state.route == .hall, let hall = state.hall, let loadedAt = hall.loadedAt,
           now.timeIntervalSince(loadedAt) >= seatRefreshInterval, state.connection == .online {
            return request(.loadSeats(performanceId: hall.performance.id), &state)
        }
        return []
    }

    /// What to reload after the server came back, for the screen on show.
    static func refreshCurrent(_ state: inout AppState) -> [Effect] {
        switch state.route {
        case .login:
            return []
        case .queue:
            guard let id = state.purchase?.performance.id else { return [] }
            return request(.pollQueue(performanceId: id), &state)
        case .checkout, .payment, .orders, .coupons, .sales, .settlements, .newVenue, .tickets:
            return apply(.refresh, to: &state)
        case .newPerformance:
            guard let seller = state.session?.id, state.performanceForm?.loaded == false else { return [] }
            return request(.loadVenueChoices(ownerId: seller), &state)
        case .performances:
            return request(.loadPerformances, &state)
        case .hall:
            guard let hall = state.hall else { return [] }
            let show = hall.performance
            return hall.venue == nil
                ? request(.loadHall(performanceId: show.id, venueId: show.venueId), &state)
                : request(.loadSeats(performanceId: show.id), &state)
        }
    }

    /// Marks the request in flight; a request already in flight is not sent twice.
    static func request(_ effect: Effect, _ state: inout AppState) -> [Effect] {
        guard let kind = effect.request else { return [effect] }
        if state.pending.contains(kind) { return [] }
        state.pending.insert(kind)
        return [effect]
    }

    private static func applyResult(_ intent: Intent, to state: inout AppState) -> [Effect] {
        switch intent {
        case .signedIn(let user):
            state.pending.remove(.auth)
            state.session = user
            state.login.password = ""
            state.login.error = nil
            state.route = .performances
            // No welcome in the status bar: the header names the account, and the bar's key
            // hints are what a newcomer needs on the first screen after logging in.
            state.notice = nil
            return request(.loadPerformances, &state)
        case .performancesLoaded(let performances):
            state.pending.remove(.performances)
            // A seller manages their own performances; buyers see the whole catalog.
            let shown = state.isSeller ? performances.filter { $0.sellerId == state.session?.id } : performances
            state.list.replace(with: shown, now: state.now)
            state.list.select(state.list.selected, visibleRows: PerformanceListScreen.visibleRows(size: state.size))
            return []
        case .hallLoaded(let id, let venue, let version, let seats):
            state.pending.remove(.hall)
            guard var hall = state.hall, hall.performance.id == id else { return [] }
            hall.venue = venue
            hall.map = SeatMap(seats: seats)
            hall.version = version
            hall.loadedAt = state.now
            hall.cursor = hall.map.bestSeat(stage: venue.layout.stage)
            state.hall = hall
            rescrollHall(&state, fromOrigin: true)
            openOverview(&state)
            return []
        case .seatsLoaded(let id, let version, let seats):
            state.pending.remove(.seats)
            applySeats(performanceId: id, version: version, seats: seats, &state)
            return []
        case .failed(let kind, let message):
            state.pending.remove(kind)
            if kind == .auth { state.login.error = message }
            if kind == .order { failOrder(message, &state) }
            if kind.isForm {
                showProblems([message], for: kind, &state)
                return []
            }
            if kind == .hold, let id = state.hall?.performance.id {
                // Someone was faster: show the map as it is now.
                state.notify(message, isError: true)
                return request(.loadSeats(performanceId: id), &state)
            }
            state.notify(message, isError: true)
            return []
        default:
            return []
        }
    }
}
