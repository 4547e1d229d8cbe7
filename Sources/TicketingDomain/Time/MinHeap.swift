/// A binary min-heap of (key, value) pairs ordered by key: the hold timer (`ExpiryHeap`) and the
/// network layer's `SharedTimer` (request deadlines, client timeouts) look only at what is due
/// next, never at everything pending.
public struct MinHeap<Key: Comparable & Sendable, Value: Sendable>: Sendable {
    private var items: [(Key, Value)] = []

    public init() {}

    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }
    /// The entry with the least key.
    public var top: (Key, Value)? { items.first }

    public mutating func push(_ key: Key, _ value: Value) {
        items.append((key, value))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].0 < items[parent].0 else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes the entry with the least key.
    public mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        siftDown(from: 0)
    }

    /// Replaces the contents (heapified in linear time).
    public mutating func rebuild(_ entries: [(Key, Value)]) {
        items = entries
        for index in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(from: index) }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, items[left].0 < items[smallest].0 { smallest = left }
            if right < items.count, items[right].0 < items[smallest].0 { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
