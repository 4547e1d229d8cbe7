import Foundation
import Logging
import Synchronization
import Testing
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

@Suite("Outbox relay under storage failures")
struct OutboxRelayFailureTests {
    /// An outbox whose reads fail a given number of times, then serve its events.
    final class FlakyOutbox: OutboxStore {
        struct InjectedFailure: Error {}
        private let state: Mutex<(failures: Int, events: [OutboxEvent], delivered: [Int64])>

        init(failures: Int, events: [OutboxEvent]) {
            state = Mutex((failures, events, []))
        }

        var delivered: [Int64] { state.withLock { $0.delivered } }

        func pendingEvents(limit: Int) async throws -> [OutboxEvent] {
            try state.withLock { state in
                if state.failures > 0 {
                    state.failures -= 1
                    throw InjectedFailure()
                }
                let done = Set(state.delivered)
                return Array(state.events.filter { !done.contains($0.seq) }.prefix(limit))
            }
        }

        func markDelivered(seqs: [Int64], at: Date) async throws {
            state.withLock { $0.delivered += seqs }
        }
    }

    final class Recorder: OutboxConsumer {
        let name = "recorder"
        private let seen = Mutex<[String]>([])
        var handled: [String] { seen.withLock { $0 } }
        func handle(_ event: OutboxEvent) async throws { seen.withLock { $0.append(event.eventId) } }
    }

    @Test func failedReadsAreRetriedCountedAndTheEventsStillDelivered() async throws {
        let events = (1...3).map { seq in
            OutboxEvent(seq: Int64(seq), eventId: "OrderPaid:ord_\(seq)", aggregateId: "ord_\(seq)", type: "OrderPaid",
                        payload: Data("{}".utf8), createdAt: Date())
        }
        let store = FlakyOutbox(failures: 4, events: events)
        let recorder = Recorder()
        let metrics = ServerMetrics()
        let relay = OutboxRelay(store: store, consumers: [recorder], logger: .quiet, clock: .system,
                                metrics: metrics, backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(10)))
        // Before: the first failed read ended the drain silently, delivering nothing.
        await relay.drain()
        // Three orders: delivered side by side, so in any order among themselves.
        #expect(recorder.handled.sorted() == events.map(\.eventId))
        #expect(store.delivered == [1, 2, 3])
        #expect(metrics.render().contains(#"qticket_background_errors_total{worker="outbox_relay"} 4"#))
    }
}
