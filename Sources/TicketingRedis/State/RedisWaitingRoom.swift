import Foundation
import TicketingDomain

/// A performance's waiting room in Redis: join order from `INCR`, rank from `ZRANK`, admission by
/// credit in a script any node may run (docs/SCALE_OUT.md).
public struct RedisWaitingRoom: Sendable {
    public struct Join: Sendable, Equatable {
        /// 1-based join order; a buyer keeps it whichever node they ask.
        public var order: Int
        /// Buyers still waiting ahead, or nil when the buyer is admitted.
        public var ahead: Int?
        /// True for the call that created the place.
        public var fresh: Bool
    }

    public struct Admission: Sendable, Equatable {
        /// Always 0: admissions are not seat changes, they go to the notices stream.
        public var version: Int
        public var soldOut: Bool
        public var expiresAt: Date
        public var buyers: [String]
    }

    public let pool: RedisPool
    public let keys: PerformanceKeys

    public init(pool: RedisPool, keys: PerformanceKeys) {
        self.pool = pool
        self.keys = keys
    }

    private var scriptKeys: [String] {
        [keys.joinSequence, keys.line, keys.joined, keys.admitted, keys.admission, keys.version, keys.events,
         keys.inventory, keys.notices, keys.admissionTimes, keys.preQueue, keys.disconnected,
         keys.lineVersion, keys.lineEvents]
    }

    /// Sets the rate and the cap; the credit starts accruing at `creditFrom` (the sale opening)
    /// unless a node configured it already.
    public func configure(ratePerSecond: Double, maxActive: Int, creditFrom: Date) async throws {
        _ = try await pool.withConnection { connection in
            try await connection.pipeline([
                ["HSET", keys.admission, "rate", String(ratePerSecond), "maxActive", String(maxActive)],
                ["HSETNX", keys.admission, "refilledAt", String(RedisTime.milliseconds(creditFrom))],
                ["HSETNX", keys.admission, "credit", "0"],
            ])
        }
    }

    /// `preQueueKey`: before the opening, the buyer's place in the shuffled pre-queue, a hex
    /// digest as `WaitingRoom.shuffled` sorts by (its first 52 bits order the line; buyers
    /// whose 52 bits agree fall back to their ids, as Redis orders equal scores).
    public func join(buyer: String, now: Date, preQueueKey: String? = nil) async throws -> Join {
        let score = try preQueueKey.map(Self.preQueueScore) ?? ""
        let values = try await pool.evaluate(QueueScripts.join, keys: scriptKeys,
                                             arguments: [buyer, String(RedisTime.milliseconds(now)), score])
            .integers("queue.join")
        guard values.count == 3 else { throw RedisError.unexpectedReply("queue.join replied \(values)") }
        return Join(order: values[0], ahead: values[1] < 0 ? nil : values[1], fresh: values[2] == 1)
    }

    /// Below every join order (≥ 1), exact in a double: the digest's first 52 bits less 2^52.
    static func preQueueScore(_ hex: String) throws -> String {
        guard let bits = UInt64(hex.prefix(13), radix: 16), hex.count >= 13 else {
            throw RedisError.unexpectedReply("pre-queue key \(hex) is not a hex digest")
        }
        return String(Int64(bits) - (1 << 52))
    }

    /// Everyone who joined before the opening, in the order the line took them.
    public func preQueueOrder() async throws -> [String] {
        try await pool.command(["ZRANGE", keys.preQueue, "0", "-1"]).array?.compactMap(\.string) ?? []
    }

    /// The whole line and its version, read in one step: where a `LineMirror` starts.
    public func lineSnapshot() async throws -> (version: Int, line: [LineMirror.Key]) {
        let reply = try await pool.evaluate(QueueScripts.lineSnapshot, keys: scriptKeys, arguments: [])
        guard let items = reply.array, let version = items.first?.int, items.count % 2 == 1 else {
            throw RedisError.unexpectedReply("queue.lineSnapshot replied \(reply)")
        }
        var line: [LineMirror.Key] = []
        line.reserveCapacity(items.count / 2)
        var index = 1
        while index < items.count {
            guard let member = items[index].string, let score = items[index + 1].string.flatMap({ Int($0) }) else {
                throw RedisError.unexpectedReply("queue.lineSnapshot entry \(items[index]) \(items[index + 1])")
            }
            line.append(LineMirror.Key(score: score, member: member))
            index += 2
        }
        return (version, line)
    }

    /// The buyer's place in the line, or nil when not waiting.
    public func place(of buyer: String) async throws -> LineMirror.Key? {
        guard let score = try await pool.command(["ZSCORE", keys.line, buyer]).string.flatMap(Double.init) else { return nil }
        return LineMirror.Key(score: Int(score), member: buyer)
    }

    /// The live admissions' expiries of these buyers at `now`, in one `ZMSCORE`; buyers without
    /// one are left out.
    public func admissionExpiries(of buyers: [String], now: Date) async throws -> [String: Date] {
        guard !buyers.isEmpty else { return [:] }
        let reply = try await pool.command(["ZMSCORE", keys.admitted] + buyers)
        let nowMs = RedisTime.milliseconds(now)
        var expiries: [String: Date] = [:]
        for (buyer, value) in zip(buyers, reply.array ?? []) {
            guard let expires = value.string.flatMap(Double.init).map(Int.init), expires > nowMs else { continue }
            expiries[buyer] = RedisTime.date(milliseconds: expires)
        }
        return expiries
    }

    /// Buyers waiting ahead (`ZRANK`, O(log n)), or nil when not waiting.
    public func ahead(of buyer: String) async throws -> Int? {
        try await pool.command(["ZRANK", keys.line, buyer]).int
    }

    public func waitingCount() async throws -> Int {
        try await pool.command(["ZCARD", keys.line]).int ?? 0
    }

    /// What the buyer sees, as `WaitingRoom.status` words it (docs/WAITING_ROOM.md): nil when the
    /// buyer is neither waiting nor holding a live admission; `mayMissOut` when
    /// `ahead × maxPerOrder ≥ seats available`.
    public func status(of buyer: String, now: Date) async throws -> QueueStatus? {
        try Self.status(from: try await pool.evaluate(QueueScripts.status, keys: scriptKeys,
                                                      arguments: [buyer, String(RedisTime.milliseconds(now))]))
    }

    static func status(from reply: RedisValue) throws -> QueueStatus? {
        let values = try reply.integers("queue.status")
        guard values.count == 5 else { throw RedisError.unexpectedReply("queue.status replied \(values)") }
        if values[1] >= 0 {
            return QueueStatus(state: .admitted, position: 0, ahead: 0, etaSeconds: 0, mayMissOut: false,
                               admissionExpiresAt: RedisTime.date(milliseconds: values[1]))
        }
        guard values[0] >= 0 else { return nil }
        let inventory = InventoryLevel(available: values[2], held: values[3])
        let ahead = values[0]
        // The ETA needs the measured admission rate, which the node keeps (AdmissionRateMeter).
        return QueueStatus(state: inventory.soldOut ? .soldOut : .waiting, position: ahead + 1, ahead: ahead,
                           etaSeconds: nil, mayMissOut: ahead * values[4] >= inventory.available)
    }

    /// One admission step at `now`; safe to run from every node at once.
    /// `disconnectGrace`: first drop waiting buyers disconnected at least that long.
    public func admit(now: Date, admissionTTL: Duration, disconnectGrace: Duration? = nil) async throws -> Admission {
        let reply = try await pool.evaluate(QueueScripts.admit, keys: scriptKeys,
                                            arguments: [String(RedisTime.milliseconds(now)),
                                                        String(admissionTTL.wholeMilliseconds),
                                                        disconnectGrace.map { String($0.wholeMilliseconds) } ?? ""])
        guard let items = reply.array, items.count >= 3, let version = items[0].int, let soldOut = items[1].int,
              let expires = items[2].int else {
            throw RedisError.unexpectedReply("queue.admit replied \(reply)")
        }
        return Admission(version: version, soldOut: soldOut == 1, expiresAt: RedisTime.date(milliseconds: expires),
                         buyers: items.dropFirst(3).compactMap(\.string))
    }

    /// Out of the line, or the end of a live admission; false when there was neither.
    public func leave(buyer: String, now: Date) async throws -> Bool {
        try await pool.evaluate(QueueScripts.leave, keys: scriptKeys,
                                arguments: [buyer, String(RedisTime.milliseconds(now))]).int == 1
    }

    /// A paid order ends the buyer's admission, freeing the slot for the next in line.
    public func complete(buyer: String) async throws {
        try await pool.command(["ZREM", keys.admitted, buyer])
    }

    /// Admissions per second over the last 30 s as `AdmissionRateMeter` measures them: nil before
    /// two admissions, else the count over the time since the first (at least one second).
    public func measuredRate(now: Date) async throws -> Double? {
        let nowMs = RedisTime.milliseconds(now)
        let reply = try await pool.command(["ZRANGEBYSCORE", keys.admissionTimes, String(nowMs - 30_000), "+inf"])
        let steps = (reply.array ?? []).compactMap(\.string).compactMap { entry -> (Int, Int)? in
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let at = Int(parts[0]), let count = Int(parts[1]) else { return nil }
            return (at, count)
        }
        let count = steps.reduce(0) { $0 + $1.1 }
        guard count >= 2, let first = steps.map(\.0).min() else { return nil }
        return Double(count) / max(1, Double(nowMs - first) / 1000)
    }

    /// The buyer's admission expiry, when live at `now`.
    public func admissionExpiry(of buyer: String, now: Date) async throws -> Date? {
        guard let expires = try await pool.command(["ZSCORE", keys.admitted, buyer]).int,
              expires > RedisTime.milliseconds(now) else { return nil }
        return RedisTime.date(milliseconds: expires)
    }

    public func admittedCount(now: Date) async throws -> Int {
        try await pool.command(["ZCOUNT", keys.admitted, "(\(RedisTime.milliseconds(now))", "+inf"]).int ?? 0
    }

    /// The buyer's last socket closed at `now`; only a waiting buyer's place is at stake.
    public func disconnected(buyer: String, now: Date) async throws {
        _ = try await pool.evaluate(QueueScripts.disconnected, keys: scriptKeys,
                                arguments: [buyer, String(RedisTime.milliseconds(now))])
    }

    /// These buyers are connected (again): their places are safe.
    public func connected(buyers: [String]) async throws {
        guard !buyers.isEmpty else { return }
        try await pool.command(["ZREM", keys.disconnected] + buyers)
    }

    /// Buyers whose admission is live at `now`.
    public func admittedBuyers(now: Date) async throws -> [String] {
        let reply = try await pool.command(["ZRANGEBYSCORE", keys.admitted, "(\(RedisTime.milliseconds(now))", "+inf"])
        return reply.array?.compactMap(\.string) ?? []
    }
}
