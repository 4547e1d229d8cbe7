import Foundation

/// Physical neighbourhood of seats for best-available: rows split into segments of neighbouring
/// seats (see `RowSpacing`), and each seat's distance to the stage centre.
struct SeatGeometry: Sendable {
    private let segments: [[Int]]
    private let distance: [Double]
    private let section: [String]
    /// Each seat's grade as a small number, each grade's number, and the grades by number (in
    /// the order they first appear): a pick compares integers, not strings, for every seat it
    /// passes (best-available was ~4 % of a rush's server CPU).
    private let gradeCode: [Int]
    private let codeOfGrade: [String: Int]
    private let gradeNames: [String]
    /// Per grade code, the segments (by index, in order) holding a seat of that grade: a pick
    /// walks only those.
    private let segmentsOfGrade: [[Int]]

    init(seats: [SeatInfo], stageCentre: (x: Double, y: Double)) {
        section = seats.map(\.section)
        var codes: [String: Int] = [:]
        var names: [String] = []
        for seat in seats where codes[seat.grade] == nil {
            codes[seat.grade] = names.count
            names.append(seat.grade)
        }
        codeOfGrade = codes
        gradeNames = names
        let gradeCode = seats.map { codes[$0.grade]! }
        self.gradeCode = gradeCode
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
        var ofGrade = Array(repeating: [Int](), count: codes.count)
        for (k, segment) in segments.enumerated() {
            for code in Set(segment.map { gradeCode[$0] }).sorted() { ofGrade[code].append(k) }
        }
        segmentsOfGrade = ofGrade
    }

    /// `count` neighbouring seats of `grade`, nearest the stage, preferring runs that leave no single
    /// free seat stranded beside them; a split pick (fewest groups) only when allowed.
    /// With `inSection` only that section's seats count, for a buyer who chose the section first.
    func best(grade wanted: String, count: Int, allowSplit: Bool, inSection: String? = nil,
              free: [Bool]) -> [Int]? {
        guard let inSection else { return pick(grade: wanted, count: count, allowSplit: allowSplit, free: free) }
        let inside = free.indices.map { section[$0] == inSection && free[$0] }
        return pick(grade: wanted, count: count, allowSplit: allowSplit, free: inside)
    }

    private func pick(grade wanted: String, count: Int, allowSplit: Bool, free: [Bool]) -> [Int]? {
        guard count > 0, let code = codeOfGrade[wanted] else { return nil }
        var best: (orphans: Int, score: Double, run: ArraySlice<Int>)?
        for k in segmentsOfGrade[code] where segments[k].count >= count {
            let segment = segments[k]
            // Each seat is tested once: `streak` counts the free seats of the grade ending at
            // `end`, so a window qualifies when it reaches `count` (the windows in the same order
            // as testing every start, so the same pick).
            var streak = 0
            // The window's distances summed as it slides: a cheap first look at its score, so
            // the exact score (summed in seat order, as every pick before) is taken only for a
            // window that may beat the best. The margin covers the two sums' rounding.
            var sliding = 0.0
            for end in segment.indices {
                let seat = segment[end]
                guard gradeCode[seat] == code && free[seat] else {
                    streak = 0
                    sliding = 0
                    continue
                }
                streak += 1
                sliding += distance[seat]
                if streak > count { sliding -= distance[segment[end - count]] }
                guard streak >= count else { continue }
                let start = end - count + 1
                let orphans = strands(segment, before: start, free: free)
                    + strands(segment, after: start + count, free: free)
                if let best, orphans > best.orphans
                    || (orphans == best.orphans && sliding / Double(count) > best.score + 1e-6) { continue }
                let run = segment[start..<(start + count)]
                let score = run.reduce(0) { $0 + distance[$1] } / Double(count)
                if best == nil || (orphans, score) < (best!.orphans, best!.score) {
                    best = (orphans, score, run)
                }
            }
        }
        if let best { return Array(best.run) }
        return allowSplit ? split(grade: wanted, count: count, free: free) : nil
    }

    /// The party in as few groups as the map allows: whole free runs from the longest down (the
    /// nearer first among equals), then the nearest window of the next run for the rest. The `k`
    /// longest runs hold the most seats any `k` runs can, so no pick has fewer groups.
    func split(grade wanted: String, count: Int, free: [Bool]) -> [Int]? {
        let runs = freeRuns(grade: wanted, free: free)
            .map { (run: $0, score: $0.reduce(0) { $0 + distance[$1] } / Double($0.count)) }
            .sorted { ($1.run.count, $0.score) < ($0.run.count, $1.score) }
        var picked: [Int] = []
        for (k, entry) in runs.enumerated() {
            let need = count - picked.count
            guard need > entry.run.count else {
                // This run or any later one that is long enough closes the party; take the nearest window.
                var window: (score: Double, seats: ArraySlice<Int>)?
                for later in runs[k...] where later.run.count >= need {
                    for start in 0...(later.run.count - need) {
                        let seats = later.run[start..<(start + need)]
                        let score = seats.reduce(0) { $0 + distance[$1] }
                        if window == nil || score < window!.score { window = (score, seats) }
                    }
                }
                return picked + window!.seats
            }
            picked += entry.run
        }
        return nil
    }

    /// Per grade, in the order grades first appear: seats free and the longest run of them.
    func remaining(free: [Bool]) -> [GradeRemaining] {
        // Indexed by grade code, which numbers the grades in the order they first appear.
        var count = Array(repeating: 0, count: gradeNames.count)
        var largest = count
        for segment in segments {
            var length = 0
            for (k, i) in segment.enumerated() {
                guard free[i] else { length = 0; continue }
                let code = gradeCode[i]
                length = k > 0 && free[segment[k - 1]] && gradeCode[segment[k - 1]] == code ? length + 1 : 1
                count[code] += 1
                largest[code] = max(largest[code], length)
            }
        }
        return gradeNames.indices.map { GradeRemaining(grade: gradeNames[$0], free: count[$0], largestRun: largest[$0]) }
    }

    /// Maximal runs of touching free seats of one grade.
    private func freeRuns(grade wanted: String, free: [Bool]) -> [[Int]] {
        var runs: [[Int]] = []
        guard let code = codeOfGrade[wanted] else { return runs }
        for k in segmentsOfGrade[code] {
            var current: [Int] = []
            for i in segments[k] {
                if gradeCode[i] == code && free[i] {
                    current.append(i)
                } else if !current.isEmpty {
                    runs.append(current)
                    current = []
                }
            }
            if !current.isEmpty { runs.append(current) }
        }
        return runs
    }

    /// 1 when the seat just left of `start` would be left as a lone free seat.
    private func strands(_ segment: [Int], before start: Int, free: [Bool]) -> Int {
        guard start >= 1, free[segment[start - 1]] else { return 0 }
        return start >= 2 && free[segment[start - 2]] ? 0 : 1
    }

    private func strands(_ segment: [Int], after end: Int, free: [Bool]) -> Int {
        guard end < segment.count, free[segment[end]] else { return 0 }
        return end + 1 < segment.count && free[segment[end + 1]] ? 0 : 1
    }
}
