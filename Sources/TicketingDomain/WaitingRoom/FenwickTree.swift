/// Counts of "still waiting" flags by join sequence, so `ahead` (a prefix sum) stays exact under
/// leaves, expiries and admissions in O(log n). Grows by appending; memory is one Int32 per join.
public struct FenwickTree: Sendable {
    private var tree: [Int32] = [0]   // 1-based

    public init() {}

    public var count: Int { tree.count - 1 }

    /// Appends a slot holding `value` (0 or 1) and returns its 0-based index.
    @discardableResult
    public mutating func append(_ value: Int32) -> Int {
        let i = tree.count
        // Node i covers (i - lowbit(i), i]: its sum is the new value plus the nodes it absorbs.
        var sum = value
        var j = i - 1
        let stop = i - (i & -i)
        while j > stop {
            sum += tree[j]
            j -= j & -j
        }
        tree.append(sum)
        return i - 1
    }

    public mutating func add(_ delta: Int32, at index: Int) {
        precondition(index >= 0, "Fenwick index must be non-negative")
        var i = index + 1
        while i < tree.count {
            tree[i] += delta
            i += i & -i
        }
    }

    /// Sum of slots `0..<index`.
    public func prefixSum(_ index: Int) -> Int {
        var i = min(index, count)
        var sum = 0
        while i > 0 {
            sum += Int(tree[i])
            i -= i & -i
        }
        return sum
    }

    public var total: Int { prefixSum(count) }
}
