extension VenueLayout {
    /// Bounds that keep one venue drawable in a terminal and cheap to hold in a performance actor.
    public static let maxSeats = 50_000
    public static let maxSide = 1_000

    /// Throws every broken rule at once; long runs of the same problem are summarised.
    public func validate() throws(ValidationError) {
        let found = problems()
        guard !found.isEmpty else { return }
        var capped = CappedProblems()
        for found in found { capped.add(found.problem, kind: found.rule.plural) }
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
        let sides: [(value: Int, small: ProblemCode, large: ProblemCode)] = [
            (width, .mapWidthTooSmall, .mapWidthTooLarge), (height, .mapHeightTooSmall, .mapHeightTooLarge),
        ]
        for side in sides {
            if side.value < 1 {
                found.append(.init(.mapSize, .map, Problem(side.small, ["value": "\(side.value)"])))
            } else if side.value > Self.maxSide {
                found.append(.init(.mapSize, .map, Problem(side.large, ["value": side.value.grouped,
                                                                         "max": Self.maxSide.grouped])))
            }
        }
        if seats.isEmpty {
            found.append(.init(.seatCount, .map, Problem(.venueNoSeats)))
        } else if seats.count > Self.maxSeats {
            found.append(.init(.seatCount, .map, Problem(.venueTooManySeats, ["count": seats.count.grouped,
                                                                              "max": Self.maxSeats.grouped])))
        }
    }

    private func stageProblems(into found: inout [LayoutProblem]) {
        let s = stage
        if s.width < 1 || s.height < 1 {
            found.append(.init(.stage, .stage, Problem(.stageSize, ["width": "\(s.width)", "height": "\(s.height)"])))
            return
        }
        let fits = s.x >= 0 && s.y >= 0 && s.x + s.width <= width && s.y + s.height <= height
        if width >= 1 && height >= 1 && !fits {
            found.append(.init(.stage, .stage, Problem(.stageOutsideMap, [
                "x": "\(s.x)", "y": "\(s.y)", "width": "\(s.width)", "height": "\(s.height)",
                "mapWidth": "\(width)", "mapHeight": "\(height)",
            ])))
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
            // Built only for a seat that breaks a rule: a 50,000-seat venue is checked often.
            func at(_ more: [String: String] = [:]) -> [String: String] {
                more.merging(["seat": name, "x": "\(seat.x)", "y": "\(seat.y)"]) { kept, _ in kept }
            }
            func report(_ rule: LayoutProblem.Rule, _ code: ProblemCode, _ params: [String: String]) {
                found.append(.init(rule, .seat(index), Problem(code, params)))
            }
            if seat.id.isEmpty { report(.missingField, .seatIdEmpty, ["index": "\(index + 1)"]) }
            if seat.section.isEmpty { report(.missingField, .seatSectionEmpty, ["seat": name]) }
            if seat.row.isEmpty { report(.missingField, .seatRowEmpty, ["seat": name]) }
            if seat.number < 1 { report(.missingField, .seatNumber, ["seat": name, "number": "\(seat.number)"]) }

            if !seat.id.isEmpty {
                if firstById[seat.id] != nil {
                    report(.duplicateId, .seatIdDuplicate, ["id": seat.id])
                } else {
                    firstById[seat.id] = index
                }
            }
            if mapUsable && (seat.x < 0 || seat.y < 0 || seat.x >= width || seat.y >= height) {
                report(.outsideMap, .seatOutsideMap, at(["mapWidth": "\(width)", "mapHeight": "\(height)"]))
            }
            if stage.contains(x: seat.x, y: seat.y) {
                report(.onStage, .seatOnStage, at())
            }
            let cell = Cell(x: seat.x, y: seat.y)
            if let other = firstByCell[cell] {
                let otherName = seats[other].id.isEmpty ? "#\(other + 1)" : "'\(seats[other].id)'"
                report(.overlap, .seatOverlap, at(["other": otherName]))
            } else {
                firstByCell[cell] = index
            }
        }
    }
}
