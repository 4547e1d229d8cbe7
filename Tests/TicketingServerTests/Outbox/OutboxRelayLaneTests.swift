import Foundation
import Logging
import Synchronization
import Testing
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

/// The relay delivers different aggregates side by side and each aggregate in order, stopping
/// an aggregate (only that one) at its first failure.
@Suite("Outbox relay: aggregates side by side, each in order")
struct OutboxRelayLaneTests {
    static func event(_ seq: Int, order: String, type: String = "OrderPaid") -> OutboxEvent {
        OutboxEvent(seq: Int64(seq), eventId: "\(type):\(order)", aggregateId: order, type: type,
                    payload: Data("{}".utf8), createdAt: Date())
    }

    /// Handling ord_1 waits until ord_2 has been handled: one at a time (before), ord_2 would
    /// only come after ord_1 gave up waiting.
    final class Interleaving: OutboxConsumer {
        let name = "interleaving"
        private let seen = Mutex<[String]>([])
        private let overlapped = Atomic<Bool>(false)
        var handled: [String] { seen.withLock { $0 } }
        var ranSideBySide: Bool { overlapped.load(ordering: .acquiring) }

        func handle(_ event: OutboxEvent) async throws {
            if event.aggregateId == "ord_1" {
                let deadline = ContinuousClock.now + .seconds(10)
                while ContinuousClock.now < deadline, !seen.withLock({ $0.contains { $0.hasSuffix("ord_2") } }) {
                    await Task.yield()
                }
                overlapped.store(seen.withLock { $0.contains { $0.hasSuffix("ord_2") } }, ordering: .releasing)
            }
            seen.withLock { $0.append(event.eventId) }
        }
    }

    @Test func differentAggregatesAreDeliveredSideBySide() async {
        let events = [Self.event(1, order: "ord_1"), Self.event(2, order: "ord_2")]
        let store = OutboxRelayFailureTests.FlakyOutbox(failures: 0, events: events)
        let consumer = Interleaving()
        let relay = OutboxRelay(store: store, consumers: [consumer], logger: .quiet, clock: .system, metrics: ServerMetrics())
        await relay.drain()
        #expect(consumer.ranSideBySide)
        #expect(consumer.handled == ["OrderPaid:ord_2", "OrderPaid:ord_1"])
        #expect(store.delivered == [1, 2])
    }

    /// Fails the first delivery of `failing`, then accepts everything.
    final class FailsOnce: OutboxConsumer {
        let name = "fails-once"
        let failing: String
        private let state = Mutex<(failed: Bool, seen: [String])>((false, []))
        init(failing: String) { self.failing = failing }
        var handled: [String] { state.withLock { $0.seen } }

        struct Refused: Error {}
        func handle(_ event: OutboxEvent) async throws {
            try state.withLock { state in
                if event.eventId == failing, !state.failed {
                    state.failed = true
                    throw Refused()
                }
                state.seen.append(event.eventId)
            }
        }
    }

    @Test func aFailureHoldsBackOnlyItsAggregatesLaterEvents() async {
        let events = [Self.event(1, order: "ord_1"), Self.event(2, order: "ord_2"),
                      Self.event(3, order: "ord_1", type: "OrderRefunded"), Self.event(4, order: "ord_3")]
        let store = OutboxRelayFailureTests.FlakyOutbox(failures: 0, events: events)
        let consumer = FailsOnce(failing: "OrderPaid:ord_1")
        let metrics = ServerMetrics()
        let relay = OutboxRelay(store: store, consumers: [consumer], logger: .quiet, clock: .system, metrics: metrics)
        await relay.drain()
        #expect(Set(consumer.handled) == ["OrderPaid:ord_2", "OrderPaid:ord_3"])
        #expect(store.delivered == [2, 4])
        #expect(metrics.render().contains(#"qticket_background_errors_total{worker="outbox_relay"} 1"#))
        // The next wake-up delivers ord_1's events, still in their order.
        await relay.drain()
        #expect(consumer.handled.suffix(2) == ["OrderPaid:ord_1", "OrderRefunded:ord_1"])
        #expect(store.delivered.sorted() == [1, 2, 3, 4])
    }
}
