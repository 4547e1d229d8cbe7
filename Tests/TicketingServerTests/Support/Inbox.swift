import Foundation
import Synchronization
@testable import TicketingServer

/// The messages a test socket received, in order.
final class Inbox: Sendable {
    private final class Log: Sendable {
        let state = Mutex<(messages: [Data], taken: Set<Int>)>(([], []))
    }

    private let log = Log()
    let outlet: SocketOutlet

    init() {
        let log = self.log
        outlet = SocketOutlet { data in log.state.withLock { $0.messages.append(data) } }
    }

    /// The type of every message received so far, taken or not.
    func types() -> [String] {
        log.state.withLock { $0.messages }.compactMap { Self.object($0)?["type"] as? String }
    }

    /// The first message of `type` not taken yet, waiting up to 10 s for it.
    func next(type: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let found: Data? = log.state.withLock { state in
                guard let index = state.messages.indices.first(where: {
                    !state.taken.contains($0) && Self.object(state.messages[$0])?["type"] as? String == type
                }) else { return nil }
                state.taken.insert(index)
                return state.messages[index]
            }
            if let found, let object = Self.object(found) { return object }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RaceFailure("no \(type) message within 10 s; got \(types())")
    }

    /// The last message of `type` received so far, taken or not.
    func last(type: String) -> [String: Any]? {
        log.state.withLock { $0.messages }.lazy.reversed().compactMap { Self.object($0) }
            .first { $0["type"] as? String == type }
    }

    static func object(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// Waits for `condition`, polling, up to 20 s.
func waitUntil(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw RaceFailure("timed out waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
