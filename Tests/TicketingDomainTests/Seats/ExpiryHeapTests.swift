import TestSupport
import Foundation
import Testing
@testable import TicketingDomain

@Suite struct ExpiryHeapTests {
    @Test func emptyHeapHasNothingToPeekAndPopIsHarmless() {
        var heap = ExpiryHeap()
        #expect(heap.isEmpty)
        #expect(heap.top == nil)
        heap.pop()
        #expect(heap.isEmpty)
    }

    /// Random pushes and pops come out in time order, like sorting the same entries.
    @Test(arguments: DomainSeeds.list(6, salt: 2))
    func popsInTimeOrder(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var heap = ExpiryHeap()
        var naive: [Date] = []
        for step in 0..<3_000 {
            let context = Comment(rawValue: "seed \(seed) step \(step)")
            if naive.isEmpty || rng.chance(0.55) {
                let time = epoch.addingTimeInterval(Double(Int.random(in: 0..<500, using: &rng)))
                heap.push(time, "h\(step)")
                naive.append(time)
            } else {
                let top = try #require(heap.top, context)
                let earliest = try #require(naive.min(), context)
                try #require(top.0 == earliest, context)
                naive.remove(at: naive.firstIndex(of: earliest)!)
                heap.pop()
            }
            try #require(heap.isEmpty == naive.isEmpty, context)
        }
        var drained: [Date] = []
        while let (time, _) = heap.top {
            drained.append(time)
            heap.pop()
        }
        #expect(drained == naive.sorted(), "seed \(seed)")
    }

    @Test func keepsTheIdWithItsTime() {
        var heap = ExpiryHeap()
        heap.push(epoch.addingTimeInterval(30), "late")
        heap.push(epoch.addingTimeInterval(10), "early")
        heap.push(epoch.addingTimeInterval(20), "middle")
        var ids: [String] = []
        while let (_, id) = heap.top {
            ids.append(id)
            heap.pop()
        }
        #expect(ids == ["early", "middle", "late"])
    }
}
