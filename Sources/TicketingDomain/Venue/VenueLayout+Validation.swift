extension VenueLayout {
    /// Bounds that keep one venue drawable in a terminal and cheap to hold in a performance actor.
    public static let maxSeats = 50_000
    public static let maxSide = 1_000

    /// Throws every broken rule at once; long runs of the same problem are summarised.
    public func validate() throws(ValidationError) {
        let found = problems()
        guard !found.isEmpty else { return }
        var capped = CappedProblems()
        for problem in found { capped.add(problem.message, kind: problem.rule.plural) }
        throw ValidationError(capped.all)
    }

    /// Every broken rule, uncapped, in map → stage → seat order.
    public func problems() -> [LayoutProblem] {
        var found: [LayoutProblem] = []
        mapProblems(into: &found)
        stageProblems(into: &found)
        seatProblems(into: &found)
        return found
    }

    private func mapProblems(into found: inout [LayoutProblem]) {
        for (side, value) in [("width", width), ("height", height)] {
            if value < 1 {
                found.append(.init(.mapSize, .map, "the map \(side) must be at least 1 cell (got \(value))"))
            } else if value > Self.maxSide {
                found.append(.init(.mapSize, .map,
                                   "the map \(side) must be at most \(Self.maxSide.grouped) cells (got \(value.grouped))"))
            }
        }
        if seats.isEmpty {
            found.append(.init(.seatCount, .map, "the venue has no seats"))
        } else if seats.count > Self.maxSeats {
            found.append(.init(.seatCount, .map,
                               "the venue has \(seats.count.grouped) seats; the limit is \(Self.maxSeats.grouped)"))
        }
    }

    private func stageProblems(into found: inout [LayoutProblem]) {
        let s = stage
        if s.width < 1 || s.height < 1 {
            found.append(.init(.stage, .stage,
                               "the stage needs a positive width and height (got \(s.width)x\(s.height))"))
            return
        }
        let fits = s.x >= 0 && s.y >= 0 && s.x + s.width <= width && s.y + s.height <= height
        if width >= 1 && height >= 1 && !fits {
            found.append(.init(.stage, .stage,
                               "the stage at \(s.x),\(s.y) size \(s.width)x\(s.height) does not fit in the \(width)x\(height) map"))
        }
    }

    private struct Cell: Hashable {
        let x: Int
        let y: Int
    }

    private func seatProblems(into found: inout [LayoutProblem]) {
        var firstById: [String: Int] = [:]
        var firstByCell: [Cell: Int] = [:]
        // With no usable map every seat would be "outside" it; the map problem says it all.
        let mapUsable = width >= 1 && height >= 1
        for (index, seat) in seats.enumerated() {
            let name = seat.id.isEmpty ? "#\(index + 1)" : "'\(seat.id)'"
            func report(_ rule: LayoutProblem.Rule, _ message: String) {
                found.append(.init(rule, .seat(index), message))
            }
            if seat.id.isEmpty { report(.missingField, "seat #\(index + 1) has an empty id") }
            if seat.section.isEmpty { report(.missingField, "seat \(name) has an empty section") }
            if seat.row.isEmpty { report(.missingField, "seat \(name) has an empty row") }
            if seat.number < 1 { report(.missingField, "seat \(name) has number \(seat.number); numbers start at 1") }

            if !seat.id.isEmpty {
                if firstById[seat.id] != nil {
                    report(.duplicateId, "seat id '\(seat.id)' is used by more than one seat")
                } else {
                    firstById[seat.id] = index
                }
            }
            if mapUsable && (seat.x < 0 || seat.y < 0 || seat.x >= width || seat.y >= height) {
                report(.outsideMap, "seat \(name) at \(seat.x),\(seat.y) is outside the \(width)x\(height) map")
            }
            if stage.contains(x: seat.x, y: seat.y) {
                report(.onStage, "seat \(name) at \(seat.x),\(seat.y) is on the stage")
            }
            let cell = Cell(x: seat.x, y: seat.y)
            if let other = firstByCell[cell] {
                let otherName = seats[other].id.isEmpty ? "#\(other + 1)" : "'\(seats[other].id)'"
                report(.overlap, "seat \(name) at \(seat.x),\(seat.y) is on the same cell as seat \(otherName)")
            } else {
                firstByCell[cell] = index
            }
        }
    }
}
