import Foundation
import Logging
import TicketingDomain
import TicketingNet
import TicketingStorage

/// Something that reacts to committed business events. Delivery is at least once, in commit
/// order; a consumer makes replays harmless with `Storage.processOnce(consumer:eventId:…)`.
protocol OutboxConsumer: Sendable {
    var name: String { get }
    func handle(_ event: OutboxEvent) async throws
}

/// Delivers outbox rows to in-process consumers and marks them delivered. Woken after each
/// commit that wrote events, and polling as a backstop (events left by a crash are picked up at
/// start). Delivery is in commit order per aggregate (an order's events); a consumer that fails
/// stops its aggregate, so that aggregate's later events never overtake the failed one.
/// A failed read of the outbox is logged, counted and retried with backoff, never dropped: an
/// event left unread is a sale the ledger never books.
actor OutboxRelay {
    private let store: any OutboxStore
    private let consumers: [any OutboxConsumer]
    private let logger: Logger
    private let clock: WallClock
    private let metrics: ServerMetrics
    private let backoff: Backoff
    private var running: Task<Void, Never>?
    private var wakeups: AsyncStream<Void>.Continuation?

    init(store: any OutboxStore, consumers: [any OutboxConsumer], logger: Logger, clock: WallClock,
         metrics: ServerMetrics, backoff: Backoff = Backoff(base: .milliseconds(100), cap: .seconds(5))) {
        self.store = store
        self.consumers = consumers
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
        self.backoff = backoff
    }

    /// `executor`: where the relay and its consumers run (the server's first loop); nil is the
    /// global pool.
    func start(pollEvery interval: Duration = .seconds(1), on executor: (any TaskExecutor)? = nil) {
        guard running == nil else { return }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeups = continuation
        running = Task(executorPreference: executor) { [weak self] in
            let poller = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    continuation.yield()
                }
            }
            continuation.yield()
            for await _ in stream {
                guard let self, !Task.isCancelled else { break }
                await self.drain()
            }
            poller.cancel()
        }
    }

    nonisolated func wake() {
        Task(executorPreference: LoopExecutor.current) { await self.signal() }
    }

    private func signal() { wakeups?.yield() }

    func stop() async {
        running?.cancel()
        wakeups?.finish()
        running = nil
    }

    /// Delivers everything pending now; returns when caught up, when a consumer failed (the
    /// next wake-up or poll tries again), or when stopped. A failed read is retried here.
    func drain() async {
        var failedReads = 0
        while !Task.isCancelled {
            let batch: [OutboxEvent]
            do {
                batch = try await store.pendingEvents(limit: 200)
            } catch {
                report(error, "outbox read failed; will retry", attempt: failedReads)
                try? await Task.sleep(for: backoff.delay(attempt: failedReads))
                failedReads += 1
                continue
            }
            failedReads = 0
            guard !batch.isEmpty else { return }
            let (delivered, failed) = await deliver(batch)
            guard await markDelivered(delivered), !failed else { return }
        }
    }

    /// Each aggregate's events in order, the aggregates side by side: the settlement consumer
    /// commits every event durably, and one at a time the relay paid an fsync per event and fell
    /// behind a rush (BENCHMARKS.md); concurrent, their commits share one (`GroupCommits`).
    /// An aggregate stops at its first failure, so its later events never overtake it; the
    /// seqs delivered are returned in commit order, with whether any failed.
    private func deliver(_ batch: [OutboxEvent]) async -> (delivered: [Int64], failed: Bool) {
        var lanes: [String: [OutboxEvent]] = [:]
        for event in batch { lanes[event.aggregateId, default: []].append(event) }
        let consumers = consumers
        let outcomes = await withTaskGroup(of: (delivered: [Int64], failure: (any Error, String)?).self) { group in
            for lane in lanes.values {
                group.addTask {
                    var delivered: [Int64] = []
                    for event in lane {
                        do {
                            for consumer in consumers { try await consumer.handle(event) }
                            delivered.append(event.seq)
                        } catch {
                            return (delivered, (error, event.eventId))
                        }
                    }
                    return (delivered, nil)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for case let (error, eventId)? in outcomes.map(\.failure) {
            report(error, "outbox delivery failed; will retry", attempt: 0, eventId: eventId)
        }
        return (outcomes.flatMap(\.delivered).sorted(), outcomes.contains { $0.failure != nil })
    }

    /// False when the mark failed: those events are delivered again later, which consumers
    /// absorb (they dedupe by event id), so the failure is reported and the drain stops.
    @discardableResult
    private func markDelivered(_ seqs: [Int64]) async -> Bool {
        do {
            try await store.markDelivered(seqs: seqs, at: clock.now())
            return true
        } catch {
            report(error, "outbox mark-delivered failed; events will be delivered again", attempt: 0)
            return false
        }
    }

    private func report(_ error: any Error, _ message: Logger.Message, attempt: Int, eventId: String? = nil) {
        metrics.backgroundError(worker: "outbox_relay")
        var metadata: Logger.Metadata = ["error.message": "\(error)", "attempt": "\(attempt + 1)"]
        if let eventId { metadata["event.id"] = "\(eventId)" }
        logger.error(message, metadata: metadata)
    }
}
