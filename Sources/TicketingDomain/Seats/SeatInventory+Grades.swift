/// Seats per grade and state, for the seller's live dashboard.
public struct GradeLevel: Sendable, Equatable {
    public var grade: String
    public var price: Int
    public var sold = 0
    public var held = 0
    public var available = 0
}

extension SeatInventory {
    /// One entry per grade, in the order grades first appear among the seats.
    public func gradeLevels() -> [GradeLevel] {
        var order: [String] = []
        var levels: [String: GradeLevel] = [:]
        for (i, seat) in seats.enumerated() {
            if levels[seat.grade] == nil {
                order.append(seat.grade)
                levels[seat.grade] = GradeLevel(grade: seat.grade, price: seat.price)
            }
            switch status[i] {
            case .available: levels[seat.grade]?.available += 1
            case .held: levels[seat.grade]?.held += 1
            case .sold: levels[seat.grade]?.sold += 1
            }
        }
        return order.compactMap { levels[$0] }
    }
}
