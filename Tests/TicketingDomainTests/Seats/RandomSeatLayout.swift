import Foundation
import TestSupport
import TicketingDomain

/// A random small venue drawn the way a seller might post one: one or two sections (which may
/// touch without joining), each row with its own pitch of 1–4 cells and aisles wider than that
/// pitch, mixed grades. It remembers which seats it drew as neighbours (`segments`), so the
/// reference never has to infer the aisles it is checking.
struct RandomSeatLayout {
    var seats: [SeatInfo] = []
    var segments: [[Int]] = []
    var stage: (x: Double, y: Double) = (0, 0)

    init(_ rng: inout SplitMix64) {
        let rows = Int.random(in: 1...4, using: &rng)
        var x0 = Int.random(in: 0...3, using: &rng)
        for section in ["L", "R"].prefix(Int.random(in: 1...2, using: &rng)) {
            var right = x0
            for r in 0..<rows {
                let row = String(UnicodeScalar(UInt8(65 + r)))
                let pitch = rng.chance(0.3) ? 1 : Int.random(in: 1...4, using: &rng)
                let count = Int.random(in: 3...14, using: &rng)
                // Fewer aisles than seat-to-seat gaps, so the pitch is the row's most common gap.
                var aisles = Set<Int>()
                for _ in 0..<Int.random(in: 0...((count - 2) / 2), using: &rng) {
                    aisles.insert(Int.random(in: 1..<count, using: &rng))
                }
                var x = x0 + Int.random(in: 0...2, using: &rng)
                var grade = rng.chance(0.5) ? "R" : "S"
                for number in 1...count {
                    if aisles.contains(number - 1) {
                        x += Int.random(in: (pitch + 1)...(3 * pitch + 2), using: &rng)
                        segments.append([])
                    } else if number > 1 {
                        x += pitch
                    } else {
                        segments.append([])
                    }
                    if rng.chance(0.25) { grade = grade == "R" ? "S" : "R" }
                    segments[segments.count - 1].append(seats.count)
                    seats.append(SeatInfo(id: "\(section)-\(row)\(number)", section: section, row: row, number: number,
                                          x: x, y: r + 2, grade: grade, price: 1))
                    right = max(right, x)
                }
            }
            x0 = right + Int.random(in: 1...2, using: &rng)  // 1: the sections touch but do not join
        }
        stage = (x: Double(Int.random(in: 0...(2 * x0), using: &rng)) / 2, y: -Double(Int.random(in: 0...2, using: &rng)))
    }

    /// The drawing as text for a failure message: `id@x,y grade`, neighbour runs in brackets.
    var description: String {
        segments.map { "[" + $0.map { "\(seats[$0].id)@\(seats[$0].x),\(seats[$0].y)\(seats[$0].grade)" }
            .joined(separator: " ") + "]" }.joined(separator: " ")
    }
}
