import TestSupport
import Foundation
import Testing
import TicketingDomain

/// `bestAvailable` on random small layouts (`RandomSeatLayout`: rows of 3–14 seats with their own
/// pitch and aisles, two sections that may touch, mixed grades, random sold and held seats) against
/// `BruteForceSeats`, which takes the neighbours as drawn.
@Suite struct BestAvailablePropertyTests {
    struct Case {
        var inventory: SeatInventory
        var brute: BruteForceSeats
        var layout: String
    }

    static func randomCase(_ rng: inout SplitMix64) -> Case {
        let drawn = RandomSeatLayout(&rng)
        let seats = drawn.seats
        let stage = drawn.stage
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
        return Case(inventory: inventory, brute: BruteForceSeats(seats: seats, free: free, stage: stage, segments: drawn.segments),
                    layout: drawn.description)
    }

    @Test(arguments: DomainSeeds.list(8, salt: 8))
    func adjacentPickIsValidAndOptimal(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var found = 0
        for trial in 0..<150 {
            let c = Self.randomCase(&rng)
            let layout = c.layout
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
