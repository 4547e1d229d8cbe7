import TicketingProtocol
import TicketingDomain

/// The seats of one performance indexed by map position and by row, so cursor moves and clicks
/// stay cheap on a 10,000-seat arena.
public struct SeatMap: Sendable, Equatable {
    public private(set) var seats: [SeatDTO]
    private var byPosition: [Point: Int] = [:]
    private var byId: [String: Int] = [:]
    /// Seat indices of each map row, left to right.
    private var rows: [Int: [Int]] = [:]
    private var rowKeys: [Int] = []

    public init(seats: [SeatDTO]) {
        self.seats = seats
        for (i, seat) in seats.enumerated() {
            byPosition[Point(x: seat.x, y: seat.y)] = i
            byId[seat.id] = i
            rows[seat.y, default: []].append(i)
        }
        for y in rows.keys { rows[y]?.sort { seats[$0].x < seats[$1].x } }
        rowKeys = rows.keys.sorted()
    }

    public var isEmpty: Bool { seats.isEmpty }

    public func index(at point: Point) -> Int? { byPosition[point] }

    public func index(of id: String) -> Int? { byId[id] }

    public func seat(id: String) -> SeatDTO? { byId[id].map { seats[$0] } }

    /// The next seat from `index` in `direction`: along the row for left/right; for up/down the
    /// nearest row that has seats, at the closest column, so aisles and gaps are jumped over.
    public func neighbour(of index: Int, _ direction: Direction, rowsAway: Int = 1) -> Int? {
        let seat = seats[index]
        switch direction {
        case .left, .right:
            guard let row = rows[seat.y], let at = row.firstIndex(of: index) else { return nil }
            let next = direction == .left ? at - 1 : at + 1
            return row.indices.contains(next) ? row[next] : nil
        case .up, .down:
            guard let at = rowKeys.firstIndex(of: seat.y) else { return nil }
            let step = direction == .up ? -rowsAway : rowsAway
            let target = min(max(0, at + step), rowKeys.count - 1)
            guard target != at, let row = rows[rowKeys[target]] else { return nil }
            return row.min { abs(seats[$0].x - seat.x) < abs(seats[$1].x - seat.x) }
        }
    }

    public func rowEdge(of index: Int, start: Bool) -> Int? {
        guard let row = rows[seats[index].y] else { return nil }
        return start ? row.first : row.last
    }

    /// The available seat nearest the middle of the stage's front edge (the first seat a buyer
    /// would look at), or the first seat when none is left.
    public func bestSeat(stage: Rect) -> Int? {
        guard !seats.isEmpty else { return nil }
        let cx = stage.x + stage.width / 2
        let cy = stage.y + stage.height
        func distance(_ s: SeatDTO) -> Int {
            // Rows are about twice as tall as columns are wide on a terminal.
            let dx = s.x - cx, dy = (s.y - cy) * 2
            return dx * dx + dy * dy
        }
        let available = seats.indices.filter { seats[$0].state == .available }
        return available.min { distance(seats[$0]) < distance(seats[$1]) } ?? 0
    }

    /// The same seats with new states (a reload or a delta); positions never change.
    mutating func setStates(_ states: [String: SeatState]) {
        for (id, state) in states {
            if let i = byId[id] { seats[i].state = state }
        }
    }
}
