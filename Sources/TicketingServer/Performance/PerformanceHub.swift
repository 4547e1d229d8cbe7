import Foundation
import Synchronization
import TicketingStorage

/// Finds (creating on first use) the actor of a performance. Creation is memoised as a Task so
/// two first requests racing for the same performance still get one actor.
actor PerformanceHub {
    let deps: PerformanceDeps
    private let tick: Duration
    private var actors: [String: Task<PerformanceActor?, any Error>] = [:]
    /// The actors already made, read without a visit to the hub: a request on a loaded
    /// performance then costs one actor hop (its own), not two (BENCHMARKS.md).
    private let loaded = Mutex<[String: PerformanceActor]>([:])

    init(deps: PerformanceDeps, tick: Duration) {
        self.deps = deps
        self.tick = tick
    }

    /// The actor of `id` when it is already made, without a visit to the hub.
    nonisolated func loadedActor(for id: String) -> PerformanceActor? {
        loaded.withLock { $0[id] }
    }

    /// nil when no such performance exists.
    func actor(for id: String) async throws -> PerformanceActor? {
        if let existing = actors[id] { return try await existing.value }
        let deps = self.deps
        let tick = self.tick
        let task = Task<PerformanceActor?, any Error> {
            guard let record = try await deps.storage.performance(id: id),
                  let venue = try await deps.storage.venue(id: record.spec.venueId) else { return nil }
            let seed = try await deps.storage.queueSeed(performanceId: id, proposed: Crypto.randomBytes(32).hex)
            let snapshot = try await deps.storage.inventorySnapshot(performanceId: id)
            let actor = PerformanceActor(id: id, sellerId: record.sellerId, spec: record.spec, venue: venue.layout, seedHex: seed,
                                         snapshot: snapshot, deps: deps)
            await actor.start(tick: tick)
            return actor
        }
        actors[id] = task
        do {
            let actor = try await task.value
            if let actor {
                loaded.withLock { $0[id] = actor }
            } else {
                actors[id] = nil
            }
            return actor
        } catch {
            actors[id] = nil
            throw error
        }
    }

    /// The state of every performance this node has loaded, for `/metrics` (one O(1) read each).
    func readings() async -> [PerformanceReading] {
        var readings: [PerformanceReading] = []
        for task in actors.values {
            if let actor = try? await task.value { readings.append(await actor.reading()) }
        }
        return readings
    }

    func stopAll() async {
        for task in actors.values {
            if let actor = try? await task.value { await actor.stop() }
        }
    }
}
