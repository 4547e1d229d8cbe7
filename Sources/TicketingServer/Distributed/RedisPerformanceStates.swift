import Foundation
import Logging
import TicketingDomain
import TicketingRedis
import TicketingStorage

/// The distributed backend's `PerformanceStates`: every performance's line and seats live in
/// Redis (docs/SCALE_OUT.md), so any number of nodes share them. Each node keeps one
/// `RedisPerformanceState` per performance it has been asked about: the performance record
/// (cached, it never changes), the node's own sockets, and its background work (admission,
/// expiry sweep, fan-out), all of which any node may run at once.
actor RedisPerformanceStates: PerformanceStates {
    struct Settings: Sendable {
        /// How often this node runs the admission step and the expiry sweep.
        var tick: Duration = .milliseconds(100)
        /// `queue.status` pushes at most this often per buyer.
        var pushInterval: TimeInterval = 0.25
        /// Tries of a best-available hold that lost its seats to another buyer between reading
        /// the map and taking them.
        var bestAvailableAttempts = 5
        /// A waiting buyer with no socket left keeps their place this long.
        var disconnectGrace: TimeInterval = 60
    }

    private let pool: RedisPool
    private let tailPool: RedisPool
    private let records: any DurableRecords
    private let tokens: AdmissionTokens
    private let clock: WallClock
    private let logger: Logger
    private let settings: Settings
    private var states: [String: Task<RedisPerformanceState?, any Error>] = [:]
    /// The states whose loading has finished, for `/metrics` (which must not wait for a load).
    private var loaded: [String: RedisPerformanceState] = [:]

    /// `tokens` must sign with the key every node shares, so an admission issued by one node
    /// passes the hold check on another. `tailPool` serves only the fan-out's blocking stream
    /// reads (one connection per performance with sockets on this node, held up to half a
    /// second a read), so they never take the connections requests need; nil shares `pool`.
    init(pool: RedisPool, tailPool: RedisPool? = nil, records: any DurableRecords, tokens: AdmissionTokens,
         clock: WallClock = .system, logger: Logger, settings: Settings = Settings()) {
        self.pool = pool
        self.tailPool = tailPool ?? pool
        self.records = records
        self.tokens = tokens
        self.clock = clock
        self.logger = logger
        self.settings = settings
    }

    func state(for performanceId: String) async throws -> (any PerformanceState)? {
        try await redisState(for: performanceId)
    }

    /// nil when no such performance exists.
    func redisState(for id: String) async throws -> RedisPerformanceState? {
        if let existing = states[id] { return try await existing.value }
        let (pool, tailPool, records, tokens, clock) = (self.pool, self.tailPool, self.records, self.tokens, self.clock)
        let (logger, settings) = (self.logger, self.settings)
        let task = Task<RedisPerformanceState?, any Error> {
            guard let record = try await records.performance(id: id),
                  let venue = try await records.venue(id: record.spec.venueId) else { return nil }
            let seed = try await records.queueSeed(performanceId: id, proposed: Crypto.randomBytes(32).hex)
            let state = RedisPerformanceState(record: record, venue: venue.layout, seedHex: seed, pool: pool,
                                              tailPool: tailPool, tokens: tokens, clock: clock, logger: logger, settings: settings)
            try await state.load(sold: { try await records.inventorySnapshot(performanceId: id).sold })
            await state.start()
            return state
        }
        states[id] = task
        do {
            let state = try await task.value
            if state == nil { states[id] = nil }
            loaded[id] = state
            return state
        } catch {
            states[id] = nil
            throw error
        }
    }

    func holdPerformance(holdId: String) async throws -> String? {
        if let id = try await pool.command(["GET", Self.holdIndexKey(holdId)]).string { return id }
        return try await records.holdPerformance(holdId: holdId)
    }

    /// Each loaded performance's last reading (its scheduler refreshes it every second).
    func readings() async -> [PerformanceReading] {
        var readings: [PerformanceReading] = []
        for state in loaded.values {
            if let reading = await state.lastReading { readings.append(reading) }
        }
        return readings
    }

    func stopAll() async {
        for task in states.values {
            if let state = try? await task.value { await state.stop() }
        }
    }

    /// hold → performance, outside any performance's slot: a hold id is all a release or a
    /// checkout names. Kept a day, past any hold's life, so a late checkout still finds the
    /// performance and answers "hold expired" rather than "no such hold".
    static func holdIndexKey(_ holdId: String) -> String { "qt:hold:\(holdId)" }
}
