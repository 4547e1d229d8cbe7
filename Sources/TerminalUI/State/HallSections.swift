import TicketingDomain
import TicketingProtocol

/// One section of a hall as the overview shows it: where its seats lie on the map and how many
/// of each grade are still free.
public struct HallSection: Sendable, Equatable {
    public var name: String
    /// The map cells its seats cover.
    public var bounds: Rect
    /// Grades in the order of the performance's price list, with seats free and in total.
    public var grades: [GradeCount]

    public struct GradeCount: Sendable, Equatable {
        public var grade: String
        public var available: Int
        public var total: Int
    }

    public var available: Int { grades.reduce(0) { $0 + $1.available } }
    public var total: Int { grades.reduce(0) { $0 + $1.total } }

    /// The grade with the most free seats (the biggest grade when the section is sold out):
    /// what "best N in this section" asks for.
    public var mainGrade: String? {
        grades.max { ($0.available, $0.total) < ($1.available, $1.total) }?.grade
    }

    public var centre: (x: Double, y: Double) {
        (Double(bounds.x) + Double(bounds.width) / 2, Double(bounds.y) + Double(bounds.height) / 2)
    }
}

extension SeatMap {
    /// Sections in reading order (top to bottom, then left to right), grades by `gradeOrder`.
    public func sections(gradeOrder: [String]) -> [HallSection] {
        struct Tally { var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
                       var free: [String: Int] = [:], all: [String: Int] = [:] }
        var tallies: [String: Tally] = [:]
        for seat in seats {
            var t = tallies[seat.section, default: Tally()]
            t.minX = min(t.minX, seat.x); t.maxX = max(t.maxX, seat.x)
            t.minY = min(t.minY, seat.y); t.maxY = max(t.maxY, seat.y)
            t.all[seat.grade, default: 0] += 1
            if seat.state == .available { t.free[seat.grade, default: 0] += 1 }
            tallies[seat.section] = t
        }
        func rank(_ grade: String) -> Int { gradeOrder.firstIndex(of: grade) ?? gradeOrder.count }
        let sections = tallies.map { name, t in
            HallSection(name: name,
                        bounds: Rect(x: t.minX, y: t.minY, width: t.maxX - t.minX + 1, height: t.maxY - t.minY + 1),
                        grades: t.all.keys.sorted { (rank($0), $0) < (rank($1), $1) }.map {
                            HallSection.GradeCount(grade: $0, available: t.free[$0] ?? 0, total: t.all[$0] ?? 0)
                        })
        }
        return sections.sorted { ($0.bounds.y, $0.bounds.x, $0.name) < ($1.bounds.y, $1.bounds.x, $1.name) }
    }

    /// The best free seat of a section (nearest the stage), or its first seat when none is free.
    public func bestSeat(in section: String, stage: Rect) -> Int? {
        let inside = seats.indices.filter { seats[$0].section == section }
        let cx = stage.x + stage.width / 2, cy = stage.y + stage.height
        func distance(_ i: Int) -> Int {
            let dx = seats[i].x - cx, dy = (seats[i].y - cy) * 2
            return dx * dx + dy * dy
        }
        return inside.filter { seats[$0].state == .available }.min { distance($0) < distance($1) }
            ?? inside.min { distance($0) < distance($1) }
    }
}

extension HallSection {
    /// The section nearest `from` in a direction: its centre must lie that way, and sections
    /// more in line with the direction win over nearer ones off to the side.
    static func neighbour(of from: Int, _ direction: Direction, in sections: [HallSection]) -> Int? {
        guard sections.indices.contains(from) else { return nil }
        let origin = sections[from].centre
        var best: (score: Double, index: Int)?
        for (i, section) in sections.enumerated() where i != from {
            // Terminal rows are about twice as tall as columns are wide.
            let dx = section.centre.x - origin.x, dy = (section.centre.y - origin.y) * 2
            let (along, across): (Double, Double) = switch direction {
            case .left: (-dx, dy)
            case .right: (dx, dy)
            case .up: (-dy, dx)
            case .down: (dy, dx)
            }
            guard along > 0.5 else { continue }
            let score = along + 2 * abs(across)
            if best == nil || score < best!.score { best = (score, i) }
        }
        return best?.index
    }
}
