import Foundation
import TicketingDomain
import TicketingProtocol

/// The hall overview: picking a section, zooming into it and out again, and holding the best
/// seats of the picked section without zooming.
extension Reducer {
    /// True when the map is larger than its window, so it opens on the overview.
    static func hallNeedsOverview(_ hall: HallState, size: Size) -> Bool {
        guard let layout = hall.venue?.layout else { return false }
        let viewport = HallLayout(size: size).viewport
        return layout.width > viewport.width || layout.height > viewport.height
    }

    /// After a load: the overview for a large map, with the section of the best seat picked.
    static func openOverview(_ state: inout AppState) {
        guard var hall = state.hall else { return }
        hall.zoomed = !hallNeedsOverview(hall, size: state.size)
        hall.section = hall.cursorSeat?.section ?? hall.map.seats.first?.section
        state.hall = hall
    }

    static func hallSections(_ hall: HallState) -> [HallSection] {
        hall.map.sections(gradeOrder: hall.performance.grades.sorted { $0.price > $1.price }.map(\.grade))
    }

    /// Intents while the overview is shown; nil lets the seat-level reducer handle the rest.
    static func reduceOverview(_ intent: Intent, _ state: inout AppState) -> [Effect]? {
        guard var hall = state.hall, !hall.zoomed, let venue = hall.venue else { return nil }
        let sections = hallSections(hall)
        let at = sections.firstIndex { $0.name == hall.section } ?? 0
        switch intent {
        case .move(let direction), .scroll(let direction), .page(let direction):
            if let next = HallSection.neighbour(of: at, direction, in: sections) { hall.section = sections[next].name }
        case .rowStart:
            hall.section = sections.first?.name
        case .rowEnd:
            hall.section = sections.last?.name
        case .activate, .toggle, .zoom:
            zoomIn(&hall, layout: venue.layout)
            state.hall = hall
            rescrollHall(&state, centre: true)
            return []
        case .bestAvailable:
            let section = sections.indices.contains(at) ? sections[at] : nil
            let admitted = state.purchase.map { $0.performance.id == hall.performance.id && $0.isAdmitted } ?? false
            guard !admitted, !state.isSeller, let section else { return holdBest(&state, section: section) }
            // Not admitted yet: join the line for this section; admission holds its best seats.
            let effects = joinQueue(hall.performance, &state)
            if state.route == .queue { state.purchase?.bestSection = section.name }
            return effects
        case .click(let x, let y):
            let viewport = HallLayout(size: state.size).viewport
            let projection = HallOverviewView.projection(venue.layout, viewport: viewport)
            guard let hit = sections.first(where: { projection.area(of: $0.bounds).contains(x: x, y: y) }) else {
                return []
            }
            // A click picks a section; a click on the picked one zooms into it.
            if hit.name == hall.section {
                zoomIn(&hall, layout: venue.layout)
                state.hall = hall
                rescrollHall(&state, centre: true)
                return []
            }
            hall.section = hit.name
        default:
            return nil
        }
        state.hall = hall
        return []
    }

    private static func zoomIn(_ hall: inout HallState, layout: VenueLayout) {
        hall.zoomed = true
        if let section = hall.section, hall.cursorSeat?.section != section {
            hall.cursor = hall.map.bestSeat(in: section, stage: layout.stage)
        }
    }

    /// On admission after `b` on the overview: the best seats of the section asked for, held at
    /// once; nil when there is no such request (or the map is not loaded to find the section).
    static func holdPromisedSection(_ state: inout AppState) -> [Effect]? {
        guard let name = state.purchase?.bestSection else { return nil }
        state.purchase?.bestSection = nil
        guard var hall = state.hall, hall.performance.id == state.purchase?.performance.id, hall.venue != nil,
              let section = hallSections(hall).first(where: { $0.name == name }) else { return nil }
        hall.section = name
        state.hall = hall
        return holdBest(&state, section: section)
    }

    /// `z` or Esc at seat level on a large map: back to the overview, on the cursor's section.
    static func zoomOut(_ state: inout AppState) -> Bool {
        guard var hall = state.hall, hall.zoomed, hallNeedsOverview(hall, size: state.size) else { return false }
        hall.zoomed = false
        hall.section = hall.cursorSeat?.section ?? hall.section
        state.hall = hall
        return true
    }
}
