import Foundation
import TicketingProtocol

/// The hall map: cursor moves, seat selection and keeping the selection honest as seats change.
extension Reducer {
    static let pageRows = 10

    static func reduceHall(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        if let effects = reduceOverview(intent, &state) { return effects }
        guard var hall = state.hall else { return [] }
        switch intent {
        case .zoom:
            _ = zoomOut(&state)
            return []
        case .back:
            if zoomOut(&state) { return [] }
            state.route = .performances
            state.hall = nil
            return []
        case .refresh:
            let show = hall.performance
            return hall.venue == nil
                ? request(.loadHall(performanceId: show.id, venueId: show.venueId), &state)
                : request(.loadSeats(performanceId: show.id), &state)
        case .move(let direction), .scroll(let direction):
            moveCursor(&hall) { map, at in map.neighbour(of: at, direction) }
        case .page(let direction):
            moveCursor(&hall) { map, at in map.neighbour(of: at, direction, rowsAway: pageRows) }
        case .rowStart:
            moveCursor(&hall) { map, at in map.rowEdge(of: at, start: true) }
        case .rowEnd:
            moveCursor(&hall) { map, at in map.rowEdge(of: at, start: false) }
        case .toggle:
            if let cursor = hall.cursor { toggleSeat(cursor, &hall, &state) }
        case .activate:
            return holdOrJoin(&state)
        case .bestAvailable:
            return holdBest(&state)
        case .showCoupons:
            return showCoupons(&state)
        case .leaveQueue:
            return leaveQueue(&state)
        case .clearSelection:
            if !hall.selected.isEmpty { state.notify("Selection cleared.") }
            hall.selected = []
        case .click(let x, let y):
            let layout = HallLayout(size: state.size)
            guard let point = HallMapView.mapPoint(screen: x, y, hall: hall, viewport: layout.viewport),
                  let index = hall.map.index(at: point) else { return [] }
            hall.cursor = index
            toggleSeat(index, &hall, &state)
        default:
            return []
        }
        state.hall = hall
        rescrollHall(&state)
        return []
    }

    private static func moveCursor(_ hall: inout HallState, _ next: (SeatMap, Int) -> Int?) {
        guard let cursor = hall.cursor else { return }
        if let target = next(hall.map, cursor) { hall.cursor = target }
    }

    /// Selects or unselects one seat; only available seats, at most `maxSeatsPerOrder`, and only
    /// for buyers, with the reason in the status bar when it is refused.
    private static func toggleSeat(_ index: Int, _ hall: inout HallState, _ state: inout AppState) {
        let seat = hall.map.seats[index]
        if let at = hall.selected.firstIndex(of: seat.id) {
            hall.selected.remove(at: at)
            return
        }
        if state.isSeller {
            state.notify("Sellers can look at the map; log in as a buyer to pick seats.", isError: true)
        } else if seat.state != .available {
            state.notify("{0} is {1}.", seat.label, state.language.text(seat.state.rawValue), isError: true)
        } else if hall.selected.count >= hall.maxSeats {
            state.notify("At most {0} seats per order for this performance.", "\(hall.maxSeats)", isError: true)
        } else {
            hall.selected.append(seat.id)
        }
    }

    /// Takes fresh seat states; seats of ours that someone else took leave the selection, and
    /// the buyer is told which.
    static func applySeats(performanceId: String, version: Int, seats: [SeatDTO], _ state: inout AppState) {
        var states: [String: SeatState] = [:]
        for seat in seats { states[seat.id] = seat.state }
        applySeatStates(performanceId: performanceId, version: version, states: states, &state)
    }

    static func applySeatStates(performanceId: String, version: Int, states: [String: SeatState],
                                _ state: inout AppState) {
        guard var hall = state.hall, hall.performance.id == performanceId, hall.venue != nil,
              version >= hall.version else { return }
        hall.map.setStates(states)
        hall.version = version
        hall.loadedAt = state.now
        // While our own hold of the selection is in flight, its seats turn held by us: that is
        // the hold's answer arriving early, not someone else taking them. A refused hold says so
        // itself and reloads the map.
        let holding = state.pending.contains(.hold)
        let lost = hall.selectedSeats.filter { $0.state != .available && !(holding && $0.state == .held) }
        if !lost.isEmpty {
            hall.selected.removeAll { id in lost.contains { $0.id == id } }
            let names = lost.map(\.label).joined(separator: ", ")
            state.notify("No longer available: {0}.", names, isError: true)
        }
        state.hall = hall
    }

    /// Keeps the cursor in view after it moved; after a resize or a load `fromOrigin` scrolls as
    /// little as possible from the top-left, so the stage shows whenever the cursor allows.
    /// `centre` puts the cursor mid-window, as after zooming into a section.
    static func rescrollHall(_ state: inout AppState, fromOrigin: Bool = false, centre: Bool = false) {
        guard var hall = state.hall, let venue = hall.venue else { return }
        let viewport = HallLayout(size: state.size).viewport
        let cursor = hall.cursorSeat.map { Point(x: $0.x, y: $0.y) }
        var current = fromOrigin ? .zero : hall.scroll
        if centre, let cursor { current = Point(x: cursor.x - viewport.width / 2, y: cursor.y - viewport.height / 2) }
        hall.scroll = MapViewport.scroll(keeping: cursor, current: current,
                                         map: Size(width: venue.layout.width, height: venue.layout.height),
                                         view: Size(width: viewport.width, height: viewport.height))
        state.hall = hall
    }
}
