/// Best-available on a view of a map whose holders it does not know (a distributed node's copy):
/// the caller says which seats are the buyer's own (free for them) and which its other picks
/// are taking right now (taken for this one).
extension SeatInventory {
    public func bestAvailable(grade: String, count: Int, allowSplit: Bool, section: String? = nil,
                              own: [String], reserved: Set<String>) -> [String]? {
        layout.best(grade: grade, count: count, allowSplit: allowSplit, inSection: section,
                    isFree: freeFor(own: own, reserved: reserved))
            .map { $0.map { seats[$0].id } }
    }

    public func remaining(own: [String], reserved: Set<String>) -> [GradeRemaining] {
        layout.remaining(isFree: freeFor(own: own, reserved: reserved))
    }

    private func freeFor(own: [String], reserved: Set<String>) -> (Int) -> Bool {
        let mine = Set(own.compactMap { index[$0] })
        let blocked = Set(reserved.compactMap { index[$0] }).subtracting(mine)
        if mine.isEmpty, blocked.isEmpty {
            return { [status] i in
                if case .available = status[i] { return true }
                return false
            }
        }
        return { [status] i in
            if mine.contains(i) { return true }
            guard case .available = status[i] else { return false }
            return !blocked.contains(i)
        }
    }
}
