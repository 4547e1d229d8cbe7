import Foundation
import Logging
import Prometheus
import TicketingDomain
import TicketingNet
import TicketingProtocol
import TicketingStorage

/// Owns everything contended about one performance: its waiting room, seat states, holds and the
/// sockets watching them. Decisions are synchronous on the actor (no await between reading and
/// changing state), persistence follows through an ordered, batched journal.
actor PerformanceActor {
    nonisolated let id: String
    /// The owner; fixed for the life of a performance, so checkout need not read the record.
    nonisolated let sellerId: String
    let spec: PerformanceSpec
    let clock: WallClock
    let storage: any DurableRecords
    let tokens: AdmissionTokens
    let logger: Logger
    let pushInterval: TimeInterval
    let seedHex: String
    let seedCommitment: String
    var room: WaitingRoom
    var seats: SeatInventory
    var preQueueOrder: [String]?
    var nextJoinKey: Int
    var journal = JournalState()
    var queueSockets: [String: Set<SocketOutlet>] = [:]
    var seatSockets: Set<SocketOutlet> = []
    var socketUser: [SocketOutlet: String] = [:]
    var userSockets: [String: Set<SocketOutlet>] = [:]
    var lastPush: [String: (QueueStatusPush, Date)] = [:]
    /// Each admitted buyer's token, signed once per admission: a status (every push, every
    /// `GET queue/me`) used to sign it again — a JSON encoding and an HMAC each time.
    var admissionTokens: [String: (expiresAt: Date, token: String)] = [:]
    /// The line changed since the last `queue.status` wave; the first change after a quiet
    /// spell sends the wave at once instead of on the next tick.
    var queueDirty = false {
        // Every time, not only on false → true: a change made while nobody listened leaves it set.
        didSet { if queueDirty { pushPromptlyIfQuiet() } }
    }
    /// When the last wave of changed statuses went out, and the last refresh sweep.
    var lastQueuePush = Date.distantPast
    var lastRefreshSweep = Date.distantPast
    var promptPush: Task<Void, Never>?
    /// A scheduler step due soon after a join (`admitPromptly`), not on the next tick.
    var promptTick: Task<Void, Never>?
    var ticking = false
    let admittedCounter: Counter?
    private(set) var ticker: Task<Void, Never>?

    init(id: String, sellerId: String, spec: PerformanceSpec, venue: VenueLayout, seedHex: String,
         snapshot: InventorySnapshot, deps: PerformanceDeps) {
        self.id = id
        self.sellerId = sellerId
        self.spec = spec
        self.clock = deps.clock
        self.storage = deps.storage
        self.tokens = deps.tokens
        self.logger = deps.logger
        self.pushInterval = deps.pushInterval
        admittedCounter = deps.metrics?.admittedCounter(performanceId: id)
        self.seedHex = seedHex
        self.seedCommitment = Crypto.sha256(Array(seedHex.utf8)).hex
        let policy = QueuePolicy(ratePerSecond: spec.admission.ratePerSecond, maxActive: spec.admission.maxActive,
                                 admissionTTL: TimeInterval(spec.admission.tokenTTLSeconds),
                                 maxSeatsPerOrder: spec.maxSeatsPerOrder, saleOpensAt: spec.saleOpensAt,
                                 disconnectGrace: deps.disconnectGrace)
        let seed = seedHex
        room = WaitingRoom(policy: policy) { userId in Crypto.sha256(Array((seed + ":" + userId).utf8)).hex }
        room.restore(waiting: snapshot.waiting, admitted: snapshot.admitted, preQueue: snapshot.preQueue,
                     opened: snapshot.opened)
        seats = SeatInventory(seats: Self.sellableSeats(spec: spec, layout: venue),
                              stageCentre: (Double(venue.stage.x) + Double(venue.stage.width) / 2,
                                            Double(venue.stage.y) + Double(venue.stage.height) / 2))
        seats.restore(sold: snapshot.sold, holds: snapshot.holds)
        nextJoinKey = snapshot.maxJoinKey + 1
    }

    static func sellableSeats(spec: PerformanceSpec, layout: VenueLayout) -> [SeatInfo] {
        var gradeOf: [String: GradeSpec] = [:]
        for grade in spec.grades { for id in grade.seatIds { gradeOf[id] = grade } }
        return layout.seats.compactMap { seat in
            gradeOf[seat.id].map {
                SeatInfo(id: seat.id, section: seat.section, row: seat.row, number: seat.number,
                         x: seat.x, y: seat.y, grade: $0.grade, price: $0.price)
            }
        }
    }

    func start(tick: Duration) {
        guard ticker == nil else { return }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                await self?.tick()
            }
        }
    }

    func stop() async {
        ticker?.cancel()
        ticker = nil
        promptPush?.cancel()
        promptPush = nil
        promptTick?.cancel()
        promptTick = nil
        await flushJournal()
    }

    /// The scheduler step: expire holds, run admissions, push coalesced queue updates.
    func tick() {
        let now = clock.now()
        ticking = true
        defer { ticking = false }
        for (hold, batch) in seats.expire(now: now) {
            record([.holdClosed(holdId: hold.id, status: "expired")])
            push(batch)
            send(HoldExpiredPush(holdId: hold.id, performanceId: id), toUser: hold.userId)
            // Seats back on sale change every waiting buyer's odds (and may resume admission).
            queueDirty = true
        }
        apply(room.tick(now: now, inventory: seats.level))
        pushQueueStatuses(now: now)
    }

    // MARK: waiting room

    func join(userId: String) async throws -> QueueStatusDTO {
        let now = clock.now()
        apply(room.join(userId, now: now))
        admitPromptly()
        try await awaitDurable()
        return statusDTO(userId, now: now) ?? QueueStatusDTO(state: "closed", position: nil, ahead: nil,
                                                            etaSeconds: nil, mayMissOut: false)
    }

    /// A buyer who joins while there is room is admitted in the actor's next turn, not up to a
    /// tick later: the scheduler step runs once more (the line's order and the admission rate
    /// are the step's own, so nobody passes anyone). One such step is pending at a time.
    func admitPromptly() {
        guard ticker != nil, promptTick == nil else { return }
        promptTick = Task(executorPreference: LoopExecutor.current) { [weak self] in await self?.promptStep() }
    }

    private func promptStep() {
        promptTick = nil
        tick()
    }

    func status(userId: String) -> QueueStatusDTO? {
        room.reconnected(userId)
        return statusDTO(userId, now: clock.now())
    }

    func leave(userId: String) async throws -> Bool {
        let events = room.leave(userId)
        apply(events)
        try await awaitDurable()
        return !events.isEmpty
    }

    /// A paid order frees the buyer's admission slot.
    func orderCompleted(userId: String) {
        apply(room.complete(userId))
    }

    func stats() -> QueueStatsDTO {
        let now = clock.now()
        let level = seats.level
        return QueueStatsDTO(waiting: room.waitingCount, admittedActive: room.activeCount,
                             ratePerSecond: spec.admission.ratePerSecond,
                             measuredRatePerSecond: room.measuredRate(now: now),
                             seatsLeft: level.available, seatsHeld: level.held, soldOut: level.soldOut,
                             saleOpensAt: spec.saleOpensAt, opened: room.isOpen, seedCommitment: seedCommitment,
                             seed: room.isOpen ? seedHex : nil, preQueueOrder: room.isOpen ? preQueueOrder : nil)
    }

    func statusDTO(_ userId: String, now: Date) -> QueueStatusDTO? {
        guard let status = room.status(of: userId, now: now, inventory: seats.level) else { return nil }
        return Self.dto(status, token: status.admissionExpiresAt.map { admissionToken(userId, expiresAt: $0) })
    }

    nonisolated static func dto(_ status: QueueStatus, token: String?) -> QueueStatusDTO {
        QueueStatusDTO(state: status.state.rawValue, position: status.position, ahead: status.ahead,
                       etaSeconds: status.etaSeconds, mayMissOut: status.mayMissOut,
                       preQueue: status.preQueue ? true : nil, admissionToken: token,
                       tokenExpiresAt: status.admissionExpiresAt)
    }

    /// Turns waiting-room events into journal entries and pushes.
    func apply(_ events: [QueueEvent]) {
        guard !events.isEmpty else { return }
        queueDirty = true
        for event in events {
            switch event {
            case let .joined(userId, _, joinedAt):
                record([.queueJoined(userId: userId, joinKey: takeJoinKey(), joinedAt: joinedAt)])
            case let .preQueued(userId, joinedAt):
                record([.queueJoined(userId: userId, joinKey: nil, joinedAt: joinedAt)])
            case let .opened(order):
                preQueueOrder = order
                journal.opened = true
                record(order.map { .queueOrdered(userId: $0, joinKey: takeJoinKey()) })
            case let .admitted(userId, expiresAt):
                admittedCounter?.increment()
                record([.queueAdmitted(userId: userId, expiresAt: expiresAt)])
                send(QueueAdmittedPush(performanceId: id, admissionToken: admissionToken(userId, expiresAt: expiresAt),
                                       tokenExpiresAt: expiresAt), toUser: userId)
            case let .admissionEnded(userId), let .left(userId):
                admissionTokens[userId] = nil
                record([.queueEnded(userId: userId)])
            }
        }
    }

    /// The same claims sign to the same token, so the stored one is reused while the expiry matches.
    private func admissionToken(_ userId: String, expiresAt: Date) -> String {
        if let stored = admissionTokens[userId], stored.expiresAt == expiresAt { return stored.token }
        let token = tokens.issue(performanceId: id, userId: userId, expiresAt: expiresAt)
        admissionTokens[userId] = (expiresAt, token)
        return token
    }

    private func takeJoinKey() -> Int {
        defer { nextJoinKey += 1 }
        return nextJoinKey
    }
}

/// What every performance actor shares.
struct PerformanceDeps: Sendable {
    let clock: WallClock
    let storage: any DurableRecords
    let tokens: AdmissionTokens
    let logger: Logger
    let pushInterval: TimeInterval
    let disconnectGrace: TimeInterval
    /// Where admissions are counted; nil in tests that need no metrics.
    var metrics: ServerMetrics? = nil
}

extension Array where Element == UInt8 {
    var hex: String { Crypto.hex(self) }
}
