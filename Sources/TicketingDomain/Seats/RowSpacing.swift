import Foundation

/// Where a row's aisles are, read from the row's own spacing: a venue may draw its seats one cell
/// apart (the bundled hall files) or several (a layout posted through the API), so "next to" cannot
/// be a fixed `x + 1`. The row's pitch is its most common gap between consecutive seats (the
/// smaller one on a tie); a gap wider than the pitch is an aisle. A row with at least as many
/// aisles as seat-to-seat gaps cannot be told apart from a wider pitch; no hall draws one.
public enum RowSpacing {
    /// The pitch of a row whose seats stand at `xs` (in any order); nil for fewer than two seats.
    public static func pitch(_ xs: [Int]) -> Int? {
        let sorted = xs.sorted()
        guard sorted.count >= 2 else { return nil }
        var counts: [Int: Int] = [:]
        for (a, b) in zip(sorted, sorted.dropFirst()) { counts[b - a, default: 0] += 1 }
        return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
    }

    /// `row` (seat indices sorted by x) cut at every aisle into runs of neighbouring seats.
    static func segments(of row: [Int], x: (Int) -> Int) -> [[Int]] {
        guard let pitch = pitch(row.map(x)) else { return row.isEmpty ? [] : [row] }
        var segments: [[Int]] = []
        var current: [Int] = []
        for i in row {
            if let last = current.last, x(i) - x(last) > pitch {
                segments.append(current)
                current = []
            }
            current.append(i)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}
