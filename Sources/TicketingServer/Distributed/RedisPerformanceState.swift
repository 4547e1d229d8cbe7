import Foundation
import Logging
import TicketingDomain
import TicketingProtocol
import TicketingRedis
import TicketingStorage

/// One performance's contended state on Redis, as seen from this node. The decisions are Redis
/// scripts (atomic, any node may run them); this actor holds only what is local: the cached
/// record and seat geometry, the node's subscribed sockets, and its background tasks.
actor RedisPerformanceState: PerformanceState {
    nonisolated let id: String
    nonisolated let sellerId: String
    let spec: PerformanceSpec
    let room: RedisWaitingRoom
    let map: RedisSeatMap
    let log: RedisEventLog
    /// The same stream read through the pool kept for blocking reads.
    let tailLog: RedisEventLog
    let pool: RedisPool
    let tokens: AdmissionTokens
    let clock: WallClock
    let logger: Logger
    let settings: RedisPerformanceStates.Settings
    let seedHex: String
    let seedCommitment: String
    /// Every sellable seat free: the geometry best-available reads, copied once and kept level
    /// with the Redis map as this node's copy.
    let emptyInventory: SeatInventory
    let seatList: [SeatInfo]
    var fanout = FanoutState()
    /// This node's copy of the seat map for best-available (RedisPerformanceState+Mirror.swift),
    /// and the catch-up running for it, which picks at once share.
    var seatMirror: SeatMirror?
    var mirrorSync: Task<Void, any Error>?
    static let mirrorReuse: Duration = .milliseconds(100)
    static let mirrorBatch = 1000
    /// Seats this node's picks in flight are taking (seat → hold id).
    var reserved: [String: String] = [:]
    /// What `/metrics` shows of this performance, read by the scheduler at most once a second,
    /// so a scrape never waits for a Redis connection a saturated node's requests hold.
    private(set) var lastReading: PerformanceReading?
    private var readingAt: Date?
    private var ticker: Task<Void, Never>?
    private var pusher: Task<Void, Never>?

    init(record: PerformanceRecord, venue: VenueLayout, seedHex: String, pool: RedisPool, tailPool: RedisPool,
         tokens: AdmissionTokens,
         clock: WallClock, logger: Logger, settings: RedisPerformanceStates.Settings) {
        id = record.id
        sellerId = record.sellerId
        spec = record.spec
        let keys = PerformanceKeys(performanceId: record.id)
        room = RedisWaitingRoom(pool: pool, keys: keys)
        map = RedisSeatMap(pool: pool, keys: keys)
        log = RedisEventLog(pool: pool, keys: keys)
        tailLog = RedisEventLog(pool: tailPool, keys: keys)
        self.pool = pool
        self.tokens = tokens
        self.clock = clock
        self.logger = logger
        self.settings = settings
        self.seedHex = seedHex
        seedCommitment = Crypto.sha256(Array(seedHex.utf8)).hex
        seatList = PerformanceActor.sellableSeats(spec: record.spec, layout: venue)
        emptyInventory = SeatInventory(seats: seatList,
                                       stageCentre: (Double(venue.stage.x) + Double(venue.stage.width) / 2,
                                                     Double(venue.stage.y) + Double(venue.stage.height) / 2))
    }

    /// The first node to get here loads the seats (and what the durable records already sold);
    /// the others find them loaded. The admission policy is set by every node (the same values).
    func load(sold: @Sendable () async throws -> [(seatId: String, orderId: String)]) async throws {
        if try await map.load(seats: seatList.map(\.id), maxPerOrder: spec.maxSeatsPerOrder) {
            try await map.restoreSold(try await sold())
        }
        try await room.configure(ratePerSecond: spec.admission.ratePerSecond, maxActive: spec.admission.maxActive,
                                 creditFrom: spec.saleOpensAt)
    }

    func start() {
        guard ticker == nil else { return }
        let tick = settings.tick
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                await self?.tick()
            }
        }
        // Its own loop, so reading many subscribers' places never delays an admission step.
        let interval = Duration.seconds(settings.pushInterval)
        pusher = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.pushQueueStatuses(now: self.clock.now())
            }
        }
    }

    func stop() async {
        ticker?.cancel()
        ticker = nil
        pusher?.cancel()
        pusher = nil
        fanout.tail?.cancel()
        fanout.tail = nil
    }

    /// This node's share of the scheduler: the admission step and the expiry sweep (both
    /// scripts, safe from every node at once).
    func tick() async {
        let now = clock.now()
        do {
            _ = try await room.admit(now: now, admissionTTL: .seconds(spec.admission.tokenTTLSeconds),
                                     disconnectGrace: .seconds(settings.disconnectGrace))
            if try await !map.sweep(now: now).releasedHoldIds.isEmpty { staleMirror() }
            if readingAt.map({ now.timeIntervalSince($0) >= 1 || now < $0 }) ?? true {
                readingAt = now
                lastReading = try await reading(now: now)
            }
        } catch {
            logger.warning("redis scheduler step failed", metadata: ["performance.id": "\(id)",
                                                                     "error.message": "\(error)"])
        }
    }

    // MARK: waiting line

    func join(userId: String) async throws -> QueueStatusDTO {
        let now = clock.now()
        // Before the opening, the place is the pre-queue's seeded shuffle (docs/WAITING_ROOM.md).
        let preQueueKey = now < spec.saleOpensAt ? Crypto.sha256(Array((seedHex + ":" + userId).utf8)).hex : nil
        _ = try await room.join(buyer: userId, now: now, preQueueKey: preQueueKey)
        return try await statusDTO(userId, now: now)
            ?? QueueStatusDTO(state: "closed", position: nil, ahead: nil, etaSeconds: nil, mayMissOut: false)
    }

    func status(userId: String) async -> QueueStatusDTO? {
        try? await statusDTO(userId, now: clock.now())
    }

    func leave(userId: String) async throws -> Bool {
        try await room.leave(buyer: userId, now: clock.now())
    }

    func stats() async -> QueueStatsDTO {
        let now = clock.now()
        let opened = now >= spec.saleOpensAt
        let waiting = (try? await room.waitingCount()) ?? 0
        let active = (try? await room.admittedCount(now: now)) ?? 0
        let measured = try? await room.measuredRate(now: now)
        let level = (try? await map.inventory()) ?? InventoryLevel(available: 0, held: 0)
        let preQueueOrder = opened ? try? await room.preQueueOrder() : nil
        return QueueStatsDTO(waiting: waiting, admittedActive: active, ratePerSecond: spec.admission.ratePerSecond,
                             measuredRatePerSecond: measured, seatsLeft: level.available, seatsHeld: level.held,
                             soldOut: level.soldOut, saleOpensAt: spec.saleOpensAt, opened: opened,
                             seedCommitment: seedCommitment, seed: opened ? seedHex : nil, preQueueOrder: preQueueOrder)
    }

    /// The buyer's view with the ETA at the measured rate (the configured one before there is a
    /// measure) and a token while admitted, as the embedded actor words it.
    func statusDTO(_ userId: String, now: Date) async throws -> QueueStatusDTO? {
        guard let status = try await room.status(of: userId, now: now) else { return nil }
        return dto(status, userId: userId, now: now,
                   measuredRate: status.state == .admitted ? nil : try await room.measuredRate(now: now))
    }

    func dto(_ found: QueueStatus, userId: String, now: Date, measuredRate: Double?) -> QueueStatusDTO {
        var status = found
        if status.state != .admitted, now < spec.saleOpensAt {
            // Before the opening the line has no order to show yet (docs/WAITING_ROOM.md).
            status = QueueStatus(state: status.state, position: nil, ahead: nil, etaSeconds: nil, mayMissOut: false,
                                 preQueue: true)
        } else if status.state != .admitted, let ahead = status.ahead {
            let perSecond = measuredRate ?? spec.admission.ratePerSecond
            status.etaSeconds = perSecond > 0 ? Int((Double(ahead) / perSecond).rounded(.up)) : nil
        }
        let token = status.admissionExpiresAt.map { tokens.issue(performanceId: id, userId: userId, expiresAt: $0) }
        return QueueStatusDTO(state: status.state.rawValue, position: status.position, ahead: status.ahead,
                              etaSeconds: status.etaSeconds, mayMissOut: status.mayMissOut,
                              preQueue: status.preQueue ? true : nil, admissionToken: token,
                              tokenExpiresAt: status.admissionExpiresAt)
    }

    /// The gauges of `/metrics`, from one pipelined round trip of O(1) reads (`ZCOUNT` is
    /// O(log n)).
    private func reading(now: Date) async throws -> PerformanceReading {
        let keys = room.keys
        let commands = [
            ["ZCARD", keys.line],
            ["ZCOUNT", keys.admitted, "(\(RedisTime.milliseconds(now))", "+inf"],
            ["HLEN", keys.holds],
            ["HMGET", keys.inventory, "available", "held", "sold"],
        ]
        let replies = try await pool.withConnection { connection in try await connection.pipeline(commands) }
        guard replies.count == 4, let levels = replies[3].array, levels.count == 3 else {
            throw RedisError.unexpectedReply("performance reading \(replies)")
        }
        return PerformanceReading(performanceId: id, waiting: replies[0].int ?? 0, admittedActive: replies[1].int ?? 0,
                                  activeHolds: replies[2].int ?? 0, seatsAvailable: levels[0].int ?? 0,
                                  seatsHeld: levels[1].int ?? 0, seatsSold: levels[2].int ?? 0)
    }

    func liveSales() async -> LiveSales {
        let now = clock.now()
        let measured = try? await room.measuredRate(now: now)
        let rate = measured ?? spec.admission.ratePerSecond
        let waiting = (try? await room.waitingCount()) ?? 0
        let wait = waiting == 0 ? 0 : rate > 0 ? Int((Double(waiting) / rate).rounded(.up)) : nil
        let grades = (try? await inventory())?.gradeLevels() ?? emptyInventory.gradeLevels()
        return LiveSales(grades: grades, waiting: waiting, admittedActive: (try? await room.admittedCount(now: now)) ?? 0,
                         admissionRate: measured ?? 0, newArrivalWait: wait, saleOpensAt: spec.saleOpensAt)
    }
}
