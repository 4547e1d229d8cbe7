import TestSupport
import Foundation
import Testing
import TicketingDomain

/// What is left at the end of a sale, against brute force on the random layouts of
/// `BestAvailablePropertyTests`: the longest run and free count per grade, and the split pick
/// (fewest groups, checked over every subset of the free seats when they are few).
@Suite struct LeftoverSeatsPropertyTests {
    @Test(arguments: DomainSeeds.list(8, salt: 10))
    func remainingMatchesBruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for trial in 0..<150 {
            let c = BestAvailablePropertyTests.randomCase(&rng)
            let remaining = c.inventory.remaining(for: "me")
            let grades = c.brute.seats.map(\.grade).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            try #require(remaining.map(\.grade) == grades, "seed \(seed) trial \(trial)")
            for entry in remaining {
                let free = c.brute.seats.indices.filter { c.brute.seats[$0].grade == entry.grade && c.brute.free[$0] }
                let longest = (0...c.brute.seats.count).last { !c.brute.runs(grade: entry.grade, count: $0).isEmpty } ?? 0
                try #require(entry == GradeRemaining(grade: entry.grade, free: free.count, largestRun: free.isEmpty ? 0 : longest),
                             "\(entry) vs free \(free.count), longest \(longest): seed \(seed) trial \(trial)")
                // The numbers are the promise a refusal makes: a run that long is there to take.
                if entry.largestRun > 0 {
                    try #require(c.inventory.bestAvailable(grade: entry.grade, count: entry.largestRun, for: "me",
                                                           allowSplit: false) != nil)
                    try #require(c.inventory.bestAvailable(grade: entry.grade, count: entry.largestRun + 1, for: "me",
                                                           allowSplit: false) == nil)
                }
            }
        }
    }

    @Test(arguments: DomainSeeds.list(8, salt: 9))
    func splitPickUsesTheFewestGroups(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var splits = 0, exhaustive = 0
        for trial in 0..<150 {
            let c = BestAvailablePropertyTests.randomCase(&rng)
            let left = Self.leftNeighbours(c.brute)
            for grade in ["R", "S"] {
                for count in 1...6 {
                    let at = "seed \(seed) trial \(trial) \(grade)×\(count)"
                    let candidates = c.brute.seats.indices.filter { c.brute.seats[$0].grade == grade && c.brute.free[$0] }
                    let pick = c.inventory.bestAvailable(grade: grade, count: count, for: "me", allowSplit: true)
                    guard let pick else {
                        try #require(candidates.count < count, "enough seats but nothing returned: \(at)")
                        continue
                    }
                    let chosen = try pick.map { id in try #require(c.brute.seats.firstIndex { $0.id == id }, "\(at)") }
                    try #require(chosen.count == count && Set(chosen).count == count, "\(pick): \(at)")
                    try #require(Set(chosen).isSubset(of: candidates), "\(pick) not free seats of \(grade): \(at)")
                    guard c.brute.runs(grade: grade, count: count).isEmpty else {
                        let adjacent = c.inventory.bestAvailable(grade: grade, count: count, for: "me", allowSplit: false)
                        try #require(pick == adjacent, "seats together are preferred when they exist: \(at)")
                        continue
                    }
                    splits += 1
                    let groups = Self.groups(chosen, left: left)
                    try #require(groups >= 2, "\(pick): \(at)")
                    guard candidates.count <= 14 else { continue }
                    exhaustive += 1
                    let fewest = Self.fewestGroups(choosing: count, of: candidates, left: left)
                    try #require(groups == fewest, "\(pick) sits in \(groups) groups, \(fewest) possible: \(at)")
                }
            }
        }
        #expect(splits > 30 && exhaustive > 20, "enough split picks (seed \(seed)): \(splits), \(exhaustive) exhaustive")
    }

    /// The seat each seat touches on its left in the drawn layout, nil at the start of a segment.
    static func leftNeighbours(_ brute: BruteForceSeats) -> [Int?] {
        var left = [Int?](repeating: nil, count: brute.seats.count)
        for segment in brute.segments {
            for k in segment.indices.dropFirst() { left[segment[k]] = segment[k - 1] }
        }
        return left
    }

    /// Touching seats form one group: a seat starts a group unless its left neighbour is chosen.
    static func groups(_ chosen: [Int], left: [Int?]) -> Int {
        let set = Set(chosen)
        return groups(chosen, left: left, isChosen: set.contains)
    }

    private static func groups(_ chosen: [Int], left: [Int?], isChosen: (Int) -> Bool) -> Int {
        chosen.filter { i in left[i].map { !isChosen($0) } ?? true }.count
    }

    /// The fewest groups any `size` of `items` make, over every subset (no cleverness: this is
    /// the brute force the pick is checked against). Walks the subsets in place, without building
    /// them: building thousands of arrays per case made this suite hold both cooperative threads
    /// for ~20 s of the parallel test run.
    static func fewestGroups(choosing size: Int, of items: [Int], left: [Int?]) -> Int {
        var chosen = [Bool](repeating: false, count: left.count)
        var picked: [Int] = []
        var fewest = Int.max
        func extend(from start: Int) {
            if picked.count == size {
                fewest = min(fewest, groups(picked, left: left) { chosen[$0] })
                return
            }
            guard items.count - start >= size - picked.count else { return }
            for k in start..<items.count {
                chosen[items[k]] = true
                picked.append(items[k])
                extend(from: k + 1)
                picked.removeLast()
                chosen[items[k]] = false
            }
        }
        extend(from: 0)
        return fewest
    }
}

@Suite struct LeftoverSeatsExampleTests {
    /// Row A with A4 taken: runs A1–A3 and A5–A8. Five wanted: the longest run whole, then the
    /// nearest seat of the other run (the stage is centred between A4 and A5).
    @Test func aSplitTakesTheLongestRunThenTheNearestRest() throws {
        var seats = SeatFixture.inventory(["RRRRRRRR"])
        try seats.take(["A4"], by: "other", as: "h")
        #expect(seats.bestAvailable(grade: "R", count: 5, for: "me", allowSplit: false) == nil)
        #expect(seats.bestAvailable(grade: "R", count: 5, for: "me", allowSplit: true) == ["A5", "A6", "A7", "A8", "A3"])
        #expect(seats.remaining(for: "me") == [GradeRemaining(grade: "R", free: 7, largestRun: 4)])
        #expect(seats.remaining(for: "other") == [GradeRemaining(grade: "R", free: 8, largestRun: 8)],
                "the buyer's own hold counts as free")
        #expect(seats.bestAvailable(grade: "R", count: 8, for: "me", allowSplit: true) == nil)
    }

    @Test func gradesAreReportedApartAndRunsStopAtAnotherGrade() {
        let seats = SeatFixture.inventory(["RRSSRR", "SSSSSS"])
        #expect(seats.remaining(for: "me") == [GradeRemaining(grade: "R", free: 4, largestRun: 2),
                                               GradeRemaining(grade: "S", free: 8, largestRun: 6)])
    }
}
