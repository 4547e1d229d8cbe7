import Foundation
import TicketingProtocol

/// One performance's hall map: the seats, the cursor, what this buyer picked and how the map
/// is scrolled. `venue` is nil until the first load answers.
public struct HallState: Sendable, Equatable {
    public var performance: PerformanceDTO
    public var venue: VenueDTO?
    public var map = SeatMap(seats: [])
    public var version = 0
    /// Index into `map.seats`.
    public var cursor: Int?
    /// Seat ids in the order they were picked.
    public var selected: [String] = []
    /// The map cell shown at the viewport's top-left corner; negative centres a small map.
    public var scroll = Point.zero
    public var loadedAt: Date?
    /// Seat level, or else the section overview; a map that fits its window opens at seat level.
    public var zoomed = true
    /// The section picked on the overview, which zooming goes to and "best N" asks for.
    public var section: String?

    public init(performance: PerformanceDTO) {
        self.performance = performance
    }

    public var cursorSeat: SeatDTO? { cursor.map { map.seats[$0] } }

    public var selectedSeats: [SeatDTO] { selected.compactMap { map.seat(id: $0) } }

    public var selectedTotal: Int { selectedSeats.reduce(0) { $0 + $1.price } }

    public var maxSeats: Int { performance.maxSeatsPerOrder }
}

extension SeatDTO {
    /// "FLOOR_A 1-5": section, row and number as printed on a ticket.
    public var label: String { "\(section) \(row)-\(number)" }
}
