import TestSupport
import Testing
import TicketingDomain

@Suite struct RankBitmapTests {
    @Test func emptyBitmapRanksZero() {
        let bits = RankBitmap()
        #expect(bits.count == 0)
        #expect(bits.total == 0)
        #expect(bits.rank(0) == 0)
        #expect(bits.rank(70) == 0, "a rank past the end is clamped")
        #expect(bits.firstSet(from: 0) == nil)
        #expect(!bits.isSet(0))
    }

    @Test func setAndClearReportWhetherTheyChangedASlot() {
        var bits = RankBitmap()
        for _ in 0..<130 { bits.append(true) }
        let cleared = bits.clear(64), clearedAgain = bits.clear(64), clearedPastEnd = bits.clear(130)
        #expect(cleared)
        #expect(!clearedAgain, "already clear")
        #expect(!clearedPastEnd, "out of range")
        #expect(bits.rank(130) == 129)
        #expect(bits.rank(65) == 64)
        let set = bits.set(64), setAgain = bits.set(64)
        #expect(set)
        #expect(!setAgain, "already set")
        #expect(bits.total == 130)
    }

    @Test func firstSetSkipsClearedWords() {
        var bits = RankBitmap()
        for i in 0..<200 { bits.append(i == 0 || i == 190) }
        #expect(bits.firstSet(from: 0) == 0)
        #expect(bits.firstSet(from: 1) == 190)
        #expect(bits.firstSet(from: 191) == nil)
        #expect(bits.firstSet(from: 500) == nil)
    }

    /// Random appends, sets, clears and queries against a plain array, across word boundaries.
    @Test(arguments: DomainSeeds.list(6, salt: 11))
    func matchesANaiveArray(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var bits = RankBitmap()
        var naive: [Bool] = []
        for step in 0..<5_000 {
            let context = Comment(rawValue: "seed \(seed) step \(step) count \(naive.count)")
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4:
                let value = Bool.random(using: &rng)
                let index = bits.append(value)
                try #require(index == naive.count, context)
                naive.append(value)
            case 4..<6 where !naive.isEmpty:
                let index = Int.random(in: 0..<naive.count, using: &rng)
                let changed = bits.clear(index)
                try #require(changed == naive[index], context)
                naive[index] = false
            case 6 where !naive.isEmpty:
                let index = Int.random(in: 0..<naive.count, using: &rng)
                let changed = bits.set(index)
                try #require(changed == !naive[index], context)
                naive[index] = true
            case 7:
                let index = Int.random(in: 0...(naive.count + 2), using: &rng)
                let expected = naive.indices.first { $0 >= index && naive[$0] }
                try #require(bits.firstSet(from: index) == expected, context)
            default:
                let index = Int.random(in: 0...(naive.count + 70), using: &rng)
                try #require(bits.rank(index) == naive.prefix(index).filter { $0 }.count, context)
            }
            try #require(bits.count == naive.count, context)
            if step % 211 == 0 {
                var running = 0
                for index in 0...naive.count {
                    try #require(bits.rank(index) == running, context)
                    if index < naive.count, naive[index] { running += 1 }
                }
                try #require(bits.total == running, context)
            }
        }
    }
}
