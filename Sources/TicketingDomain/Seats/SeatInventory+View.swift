/// Best-available on a view of a map whose holders it does not know (a distributed node's copy):
/// the caller says which seats are the buyer's own (free for them) and which its other picks
/// are taking right now (taken for this one).
extension SeatInventory {
    public func bestAvailable(grade: String, count: Int, allowSplit: Bool, section: String? = nil,
                              own: [String], reserved: Set<String>) -> [String]? {
        layout.best(grade: grade, count: count, allowSplit: allowSplit, inSection: section,
                    free: freeFor(own: own, reserved: reserved))
            .map { $0.map { seats[$0].id } }
    }

    public func remaining(own: [String], reserved: Set<String>) -> [GradeRemaining] {
        layout.remaining(free: freeFor(own: own, reserved: reserved))
    }

    private func freeFor(own: [String], reserved: Set<String>) -> [Bool] {
        let mine = Set(own.compactMap { index[$0] })
        let blocked = Set(reserved.compactMap { index[$0] }).subtracting(mine)
        guard !mine.isEmpty || !blocked.isEmpty else { return available }
        var free = available
        for i in blocked { free[i] = false }
        for i in mine { free[i] = true }
        return free
    }
}
