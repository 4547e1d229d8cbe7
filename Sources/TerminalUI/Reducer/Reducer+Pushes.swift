import Foundation
import TicketingDomain
import TicketingProtocol

/// Answers and pushes of the purchase: the line, seat states, the hold, the quote and the order.
extension Reducer {
    static func applyPurchaseResult(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        switch intent {
        case .queueStatus(let id, let status):
            state.pending.remove(.queue)
            return applyQueueStatus(id, status, &state)
        case .queueStats(let id, let stats):
            state.pending.remove(.queueStats)
            if state.purchase?.performance.id == id { state.purchase?.crowd = QueueView.Crowd(stats) }
        case .admitted(let id, let token, let expiresAt):
            return admit(id, token: token, expiresAt: expiresAt, &state)
        case .pushConnection(let online):
            state.purchase?.pushOnline = online
            // Pushes missed while away are not replayed: ask once the channel is back.
            if online, let id = state.purchase?.performance.id, state.route == .queue {
                return request(.pollQueue(performanceId: id), &state)
            }
        case .seatStates(let id, let version, let changes, let snapshot):
            return applySeatPush(id, version: version, changes: changes, snapshot: snapshot, &state)
        case .held(let hold):
            state.pending.remove(.hold)
            return applyHold(hold, &state)
        case .holdExpired(let holdId):
            if state.purchase?.hold?.holdId == holdId, state.purchase?.order?.status != "paid" {
                state.notify("Your hold expired — the seats are back on sale.", isError: true)
            }
        case .myCouponsLoaded(let coupons):
            state.pending.remove(.myCoupons)
            state.purchase?.coupons = coupons
        case .quoted(let holdId, let quote):
            state.pending.remove(.quote)
            if state.purchase?.hold?.holdId == holdId { state.purchase?.quote = quote }
        case .orderPlaced(let order):
            state.pending.remove(.order)
            applyOrder(order, placed: true, &state)
        case .orderLoaded(let order):
            state.pending.remove(.payment)
            applyOrder(order, placed: false, &state)
        case .orderUpdated(let id, let status, let failureCode):
            applyOrderUpdate(id, status: status, failureCode: failureCode, &state)
        default: break
        }
        return []
    }

    /// A snapshot replaces every state; a delta applies only on top of the version before it.
    /// A gap means a delta was lost, so the map is reloaded whole rather than left wrong.
    private static func applySeatPush(_ id: String, version: Int, changes: [SeatStateDTO], snapshot: Bool,
                                      _ state: inout AppState) -> [Effect] {
        guard let hall = state.hall, hall.performance.id == id, hall.venue != nil else { return [] }
        if !snapshot, version > hall.version + 1 {
            return request(.loadSeats(performanceId: id), &state)
        }
        if !snapshot, version <= hall.version { return [] }
        var states: [String: SeatState] = [:]
        for change in changes {
            if let seatState = SeatState(rawValue: change.state) { states[change.id] = seatState }
        }
        applySeatStates(performanceId: id, version: version, states: states, &state)
        return []
    }
}
