import Foundation

/// Physical neighbourhood of seats for best-available: rows split into segments of neighbouring
/// seats (see `RowSpacing`), and each seat's distance to the stage centre.
struct SeatGeometry: Sendable {
    private let segments: [[Int]]
    private let distance: [Double]
    private let grade: [String]
    private let section: [String]

    init(seats: [SeatInfo], stageCentre: (x: Double, y: Double)) {
        grade = seats.map(\.grade)
        section = seats.map(\.section)
        // Rows sit about twice as far apart as seats in a row on these maps.
        distance = seats.map { seat in
            let dx = Double(seat.x) - stageCentre.x
            let dy = (Double(seat.y) - stageCentre.y) * 2
            return (dx * dx + dy * dy).squareRoot()
        }
        var rows: [String: [Int]] = [:]
        for (i, seat) in seats.enumerated() { rows["\(seat.section)\u{1F}\(seat.row)\u{1F}\(seat.y)", default: []].append(i) }
        var segments: [[Int]] = []
        for key in rows.keys.sorted() {
            let row = rows[key]!.sorted { seats[$0].x < seats[$1].x }
            segments += RowSpacing.segments(of: row) { seats[$0].x }
        }
        self.segments = segments
    }

    /// `count` neighbouring seats of `grade`, nearest the stage, preferring runs that leave no single
    /// free seat stranded beside them; a split pick (nearest free seats) only when allowed.
    /// With `inSection` only that section's seats count, for a buyer who chose the section first.
    func best(grade wanted: String, count: Int, allowSplit: Bool, inSection: String? = nil,
              isFree free: (Int) -> Bool) -> [Int]? {
        guard let inSection else { return pick(grade: wanted, count: count, allowSplit: allowSplit, isFree: free) }
        return pick(grade: wanted, count: count, allowSplit: allowSplit) { section[$0] == inSection && free($0) }
    }

    private func pick(grade wanted: String, count: Int, allowSplit: Bool, isFree: (Int) -> Bool) -> [Int]? {
        guard count > 0 else { return nil }
        var best: (orphans: Int, score: Double, run: ArraySlice<Int>)?
        for segment in segments where segment.count >= count {
            for start in 0...(segment.count - count) {
                let run = segment[start..<(start + count)]
                guard run.allSatisfy({ grade[$0] == wanted && isFree($0) }) else { continue }
                let orphans = strands(segment, before: start, isFree: isFree)
                    + strands(segment, after: start + count, isFree: isFree)
                let score = run.reduce(0) { $0 + distance[$1] } / Double(count)
                if best == nil || (orphans, score) < (best!.orphans, best!.score) {
                    best = (orphans, score, run)
                }
            }
        }
        if let best { return Array(best.run) }
        guard allowSplit else { return nil }
        let free = grade.indices.filter { grade[$0] == wanted && isFree($0) }
        guard free.count >= count else { return nil }
        return Array(free.sorted { distance[$0] < distance[$1] }.prefix(count))
    }

    /// 1 when the seat just left of `start` would be left as a lone free seat.
    private func strands(_ segment: [Int], before start: Int, isFree: (Int) -> Bool) -> Int {
        guard start >= 1, isFree(segment[start - 1]) else { return 0 }
        return start >= 2 && isFree(segment[start - 2]) ? 0 : 1
    }

    private func strands(_ segment: [Int], after end: Int, isFree: (Int) -> Bool) -> Int {
        guard end < segment.count, isFree(segment[end]) else { return 0 }
        return end + 1 < segment.count && isFree(segment[end + 1]) ? 0 : 1
    }
}
