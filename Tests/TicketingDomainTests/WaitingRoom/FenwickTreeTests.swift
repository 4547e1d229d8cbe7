import TestSupport
import Testing
import TicketingDomain

@Suite struct FenwickTreeTests {
    @Test func emptyTreeSumsToZero() {
        let tree = FenwickTree()
        #expect(tree.count == 0)
        #expect(tree.total == 0)
        #expect(tree.prefixSum(0) == 0)
        #expect(tree.prefixSum(5) == 0, "a prefix past the end is clamped")
    }

    @Test func appendReturnsConsecutiveIndices() {
        var tree = FenwickTree()
        #expect((0..<9).map { _ in tree.append(1) } == Array(0..<9))
        #expect(tree.count == 9)
        #expect(tree.total == 9)
        #expect((0...9).map { tree.prefixSum($0) } == Array(0...9))
    }

    @Test func removingASlotShiftsEveryLaterPrefix() {
        var tree = FenwickTree()
        for _ in 0..<8 { tree.append(1) }
        tree.add(-1, at: 3)
        #expect((0...8).map { tree.prefixSum($0) } == [0, 1, 2, 3, 3, 4, 5, 6, 7])
        tree.add(1, at: 3)
        #expect(tree.prefixSum(8) == 8)
    }

    @Test func addPastTheEndChangesNothing() {
        var tree = FenwickTree()
        tree.append(1)
        tree.add(5, at: 1)
        #expect(tree.total == 1)
    }

    /// Thousands of random appends, adds and prefix sums against a plain array.
    @Test(arguments: DomainSeeds.list(6, salt: 1))
    func matchesANaiveArray(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var tree = FenwickTree()
        var naive: [Int] = []
        for step in 0..<4_000 {
            let context = Comment(rawValue: "seed \(seed) step \(step) count \(naive.count)")
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4:
                let value = Int32.random(in: 0...1, using: &rng)
                let index = tree.append(value)
                try #require(index == naive.count, context)
                naive.append(Int(value))
            case 4..<7 where !naive.isEmpty:
                let index = Int.random(in: 0..<naive.count, using: &rng)
                let delta = Int32.random(in: -3...3, using: &rng)
                tree.add(delta, at: index)
                naive[index] += Int(delta)
            default:
                let index = Int.random(in: 0...(naive.count + 2), using: &rng)
                let expected = naive.prefix(index).reduce(0, +)
                try #require(tree.prefixSum(index) == expected, context)
            }
            try #require(tree.count == naive.count, context)
            if step % 97 == 0 {
                // Every prefix, not just the sampled ones.
                var running = 0
                for index in 0...naive.count {
                    try #require(tree.prefixSum(index) == running, context)
                    if index < naive.count { running += naive[index] }
                }
                try #require(tree.total == running, context)
            }
        }
    }
}
