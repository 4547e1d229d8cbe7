/// Which join sequences are still waiting, one bit per sequence, with a Fenwick tree over the
/// 64-bit words' counts: `rank` (set slots before an index) is a prefix sum over n/64 words plus
/// one popcount. At 10^6 joins the bits take 125 KB and the word tree 62 KB, so a rank lookup
/// stays in the CPU cache instead of walking a 4 MB per-slot tree; memory is one bit per join.
public struct RankBitmap: Sendable {
    private var words: [UInt64] = []
    private var wordCounts = FenwickTree()
    public private(set) var count = 0

    public init() {}

    /// Appends a slot and returns its 0-based index.
    @discardableResult
    public mutating func append(_ isSet: Bool) -> Int {
        let index = count
        if index & 63 == 0 {
            words.append(0)
            wordCounts.append(0)
        }
        count += 1
        if isSet { _ = set(index) }
        return index
    }

    public func isSet(_ index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Sets slot `index`; false (and no change) when it was already set or is out of range.
    @discardableResult
    public mutating func set(_ index: Int) -> Bool {
        guard index >= 0, index < count, !isSet(index) else { return false }
        words[index >> 6] |= 1 << UInt64(index & 63)
        wordCounts.add(1, at: index >> 6)
        return true
    }

    /// Clears slot `index`; false (and no change) when it was already clear or is out of range.
    @discardableResult
    public mutating func clear(_ index: Int) -> Bool {
        guard isSet(index) else { return false }
        words[index >> 6] &= ~(1 << UInt64(index & 63))
        wordCounts.add(-1, at: index >> 6)
        return true
    }

    /// Set slots among `0..<index` (clamped to the slots that exist).
    public func rank(_ index: Int) -> Int {
        let end = max(0, min(index, count))
        let word = end >> 6
        var ones = wordCounts.prefixSum(word)
        let bits = UInt64(end & 63)
        if bits > 0 { ones += (words[word] & ((1 << bits) &- 1)).nonzeroBitCount }
        return ones
    }

    public var total: Int { wordCounts.total }

    /// The first set slot at or after `index`, nil when none.
    public func firstSet(from index: Int) -> Int? {
        var word = max(0, index) >> 6
        guard word < words.count else { return nil }
        var bits = words[word] & (~0 << UInt64(max(0, index) & 63))
        while bits == 0 {
            word += 1
            guard word < words.count else { return nil }
            bits = words[word]
        }
        return word << 6 | bits.trailingZeroBitCount
    }
}
