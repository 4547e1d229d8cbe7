import Foundation
import TicketingDomain

/// The rank computation alone (`ahead` of a known sequence, ~1% of the line having left):
/// the per-slot Fenwick tree the waiting room used before next to the bitmap it uses now.
struct RankMicro {
    struct Figure {
        var size: Int
        var fenwickNs: Double
        var bitmapNs: Double
    }

    let repeats: Int

    func measure(size: Int, queries: Int = 200_000) -> Figure {
        var tree = FenwickTree()
        var bits = RankBitmap()
        for _ in 0..<size {
            tree.append(1)
            bits.append(true)
        }
        var rng = SplitMix64(state: UInt64(size))
        for _ in 0..<(size / 100) {
            let index = Int.random(in: 0..<size, using: &rng)
            if bits.clear(index) { tree.add(-1, at: index) }
        }
        let picks = (0..<queries).map { _ in Int.random(in: 0..<size, using: &rng) }
        var fenwick = Duration.seconds(3600), bitmap = fenwick
        var sums = (0, 0)
        for _ in 0..<repeats {
            fenwick = min(fenwick, timed { for i in picks { sums.0 &+= tree.prefixSum(i) } } / queries)
            bitmap = min(bitmap, timed { for i in picks { sums.1 &+= bits.rank(i) } } / queries)
        }
        precondition(sums.0 == sums.1, "the two rank structures disagree")
        return Figure(size: size, fenwickNs: fenwick.nanoseconds, bitmapNs: bitmap.nanoseconds)
    }
}
