import Foundation

/// Min-heap of (expiry, hold id): the hold timer looks only at what is due, never at all seats.
/// Stale entries (released or re-timed holds) are skipped when popped.
struct ExpiryHeap: Sendable {
    private var items: [(Date, String)] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ time: Date, _ id: String) {
        items.append((time, id))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].0 < items[parent].0 else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    func peek() -> (Date, String)? { items.first }

    mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left].0 < items[smallest].0 { smallest = left }
            if right < items.count && items[right].0 < items[smallest].0 { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
