import Foundation
import Logging
import TicketingStorage

/// Something that reacts to committed business events. Delivery is at least once, in commit
/// order; a consumer makes replays harmless with `Storage.processOnce(consumer:eventId:…)`.
protocol OutboxConsumer: Sendable {
    var name: String { get }
    func handle(_ event: OutboxEvent) async throws
}

/// Delivers outbox rows to in-process consumers and marks them delivered. Woken after each
/// commit that wrote events, and polling as a backstop (events left by a crash are picked up at
/// start). A consumer that fails stops the batch, so later events never overtake earlier ones.
actor OutboxRelay {
    private let storage: Storage
    private let consumers: [any OutboxConsumer]
    private let logger: Logger
    private let clock: WallClock
    private var running: Task<Void, Never>?
    private var wakeups: AsyncStream<Void>.Continuation?

    init(storage: Storage, consumers: [any OutboxConsumer], logger: Logger, clock: WallClock) {
        self.storage = storage
        self.consumers = consumers
        self.logger = logger
        self.clock = clock
    }

    func start(pollEvery interval: Duration = .seconds(1)) {
        guard running == nil else { return }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeups = continuation
        running = Task { [weak self] in
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
        Task { await self.signal() }
    }

    private func signal() { wakeups?.yield() }

    func stop() async {
        running?.cancel()
        wakeups?.finish()
        running = nil
    }

    /// Delivers everything pending now; returns when caught up or when a consumer failed.
    func drain() async {
        while true {
            guard let batch = try? await storage.pendingEvents(limit: 200), !batch.isEmpty else { return }
            var delivered: [Int64] = []
            for event in batch {
                do {
                    for consumer in consumers { try await consumer.handle(event) }
                    delivered.append(event.seq)
                } catch {
                    logger.error("outbox delivery failed; will retry", metadata: [
                        "event.id": "\(event.eventId)", "error.message": "\(error)",
                    ])
                    try? await storage.markDelivered(seqs: delivered, at: clock.now())
                    return
                }
            }
            try? await storage.markDelivered(seqs: delivered, at: clock.now())
        }
    }
}
