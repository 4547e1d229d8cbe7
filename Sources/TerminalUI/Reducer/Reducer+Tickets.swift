import Foundation
import TicketingProtocol

/// "My tickets": each ticket's QR code, from my orders or right after paying.
extension Reducer {
    static func showTickets(orderId: String?, _ state: inout AppState) -> [Effect] {
        guard state.session != nil, !state.isSeller else { return [] }
        if state.route != .tickets { state.tickets.returnTo = state.route == .payment ? .performances : state.route }
        state.tickets.focusOrderId = orderId
        state.route = .tickets
        return request(.loadTickets, &state)
    }

    static func reduceTickets(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        let count = state.tickets.tickets.count
        switch intent {
        case .move(.down), .move(.right), .scroll(.down):
            state.tickets.selected = min(max(0, count - 1), state.tickets.selected + 1)
        case .move(.up), .move(.left), .scroll(.up):
            state.tickets.selected = max(0, state.tickets.selected - 1)
        case .refresh:
            return request(.loadTickets, &state)
        case .showOrders:
            return showOrders(&state)
        case .back:
            state.route = state.tickets.returnTo
            if state.route == .orders { return request(.loadOrders, &state) }
            if state.route == .performances { return request(.loadPerformances, &state) }
        default: break
        }
        return []
    }

    static func applyTicketsLoaded(_ tickets: [TicketDTO], _ state: inout AppState) -> [Effect] {
        state.pending.remove(.tickets)
        let shown = state.tickets.current?.id
        // Upcoming shows first, then by seat, so the ticket at the top is the next one needed.
        state.tickets.tickets = tickets.sorted {
            ($0.startsAt ?? .distantFuture, $0.section, $0.row, $0.number, $0.id)
                < ($1.startsAt ?? .distantFuture, $1.section, $1.row, $1.number, $1.id)
        }
        state.tickets.loaded = true
        if let order = state.tickets.focusOrderId,
           let index = state.tickets.tickets.firstIndex(where: { $0.orderId == order }) {
            state.tickets.selected = index
            state.tickets.focusOrderId = nil
        } else if let shown, let index = state.tickets.tickets.firstIndex(where: { $0.id == shown }) {
            state.tickets.selected = index
        } else {
            state.tickets.selected = min(state.tickets.selected, max(0, tickets.count - 1))
        }
        return []
    }
}

