import TestSupport
import Foundation
import Testing
import TicketingDomain

/// `bestAvailable` on random small layouts (rows of 3–12 seats with gaps, two sections that may
/// touch, mixed grades, random sold and held seats) against `BruteForceSeats`.
@Suite struct BestAvailablePropertyTests {
    struct Case {
        var inventory: SeatInventory
        var brute: BruteForceSeats
    }

    static func randomCase(_ rng: inout SplitMix64) -> Case {
        var seats: [SeatInfo] = []
        let rows = Int.random(in: 1...4, using: &rng)
        var x0 = Int.random(in: 0...3, using: &rng)
        for section in ["L", "R"].prefix(Int.random(in: 1...2, using: &rng)) {
            var right = x0
            for r in 0..<rows {
                let row = String(UnicodeScalar(UInt8(65 + r)))
                var x = x0 + Int.random(in: 0...2, using: &rng)
                var grade = rng.chance(0.5) ? "R" : "S"
                for number in 1...Int.random(in: 3...12, using: &rng) {
                    if rng.chance(0.25) { grade = grade == "R" ? "S" : "R" }
                    seats.append(SeatInfo(id: "\(section)-\(row)\(number)", section: section, row: row, number: number,
                                          x: x, y: r + 2, grade: grade, price: 1))
                    right = max(right, x)
                    x += rng.chance(0.8) ? 1 : Int.random(in: 2...3, using: &rng)
                }
            }
            x0 = right + Int.random(in: 1...2, using: &rng)  // 1: the sections touch but do not join
        }
        let stage = (x: Double(Int.random(in: 0...(2 * x0), using: &rng)) / 2,
                     y: -Double(Int.random(in: 0...2, using: &rng)))
        var sold: [(seatId: String, orderId: String)] = []
        var holds: [Hold] = []
        var mine: [String] = []
        let soldShare = Double.random(in: 0...0.5, using: &rng)
        for seat in seats {
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll < soldShare / 2 {
                sold.append((seat.id, "o"))
            } else if roll < soldShare {
                holds.append(Hold(id: "h-\(seat.id)", userId: "other-\(seat.id)", seatIds: [seat.id], amount: 1,
                                  expiresAt: epoch.addingTimeInterval(60)))
            } else if roll < soldShare + 0.1 {
                mine.append(seat.id)
            }
        }
        if !mine.isEmpty {
            holds.append(Hold(id: "mine", userId: "me", seatIds: mine, amount: 1, expiresAt: epoch.addingTimeInterval(60)))
        }
        var inventory = SeatInventory(seats: seats, stageCentre: stage)
        inventory.restore(sold: sold, holds: holds)
        let free = seats.map { [SeatStatus.available, .held(holdId: "mine")].contains(inventory.status(of: $0.id)) }
        return Case(inventory: inventory, brute: BruteForceSeats(seats: seats, free: free, stage: stage))
    }

    @Test(arguments: DomainSeeds.list(8, salt: 8))
    func adjacentPickIsValidAndOptimal(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var found = 0
        for trial in 0..<150 {
            let c = Self.randomCase(&rng)
            let layout = c.brute.seats.map { "\($0.id)@\($0.x),\($0.y)\($0.grade)" }.joined(separator: " ")
            for grade in ["R", "S"] {
                for count in 1...5 {
                    let at = "seed \(seed) trial \(trial) \(grade)×\(count) \(layout)"
                    let runs = c.brute.runs(grade: grade, count: count)
                    let pick = c.inventory.bestAvailable(grade: grade, count: count, for: "me", allowSplit: false)
                    guard let pick else {
                        try #require(runs.isEmpty, "a run exists but none was returned: \(at)")
                        continue
                    }
                    found += 1
                    let run = try #require(runs.first { c.brute.ids($0.seats) == pick },
                                           "\(pick) is not free touching seats of the grade: \(at)")
                    let fewest = runs.map(c.brute.strands).min()!
                    try #require(c.brute.strands(run) == fewest, "\(pick) strands more than needed: \(at)")
                    let closest = runs.filter { c.brute.strands($0) == fewest }.map { c.brute.score($0.seats) }.min()!
                    try #require(c.brute.score(run.seats) <= closest + 1e-9,
                                 "\(pick) at \(c.brute.score(run.seats)) but \(closest) exists: \(at)")
                }
            }
        }
        #expect(found > 300, "enough picks to mean something (seed \(seed)): \(found)")
    }
}
