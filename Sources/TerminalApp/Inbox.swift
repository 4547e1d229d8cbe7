import Synchronization
import TerminalUI

/// Intents from other threads (effect results, connection changes, signals) waiting for the UI
/// loop, which drains them between key presses.
public final class Inbox: Sendable {
    private let queue = Mutex<[Intent]>([])

    public init() {}

    public func post(_ intents: [Intent]) {
        guard !intents.isEmpty else { return }
        queue.withLock { $0.append(contentsOf: intents) }
    }

    public func post(_ intent: Intent) { post([intent]) }

    public func drain() -> [Intent] {
        queue.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }
}
