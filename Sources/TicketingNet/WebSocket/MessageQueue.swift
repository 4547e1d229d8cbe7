/// A FIFO of received messages with O(1) amortised pop.
struct MessageQueue {
    private var items: [WebSocketMessage] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func append(_ message: WebSocketMessage) {
        items.append(message)
    }

    mutating func popFirst() -> WebSocketMessage? {
        guard head < items.count else { return nil }
        let message = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return message
    }
}
