import Foundation
import TicketingDomain

/// A performance's seats in Redis: all-or-nothing holds with deadlines, a sweep any node may run,
/// sale on payment, and a version bumped by one per change (docs/SCALE_OUT.md).
public struct RedisSeatMap: Sendable {
    public enum HoldOutcome: Sendable, Equatable {
        case held(version: Int)
        /// Every requested seat that another hold or a sale has.
        case taken(seats: [String])
        case unknownSeat(String)
        case duplicateSeat(String)
        case tooManySeats(limit: Int)
        /// The buyer's current hold is being paid: it cannot be replaced.
        case pinned
        /// Asked with `admittedAt`, and the buyer held no live admission then.
        case notAdmitted
    }

    public enum Release: Sendable, Equatable {
        case released(version: Int)
        case missing
        case notYours
        case pinned
    }

    /// A live hold as the script keeps it.
    public struct HoldRecord: Sendable, Equatable {
        public var buyer: String
        public var seats: [String]
        public var deadline: Date
        /// The order paying for it, while pinned.
        public var orderId: String?
    }

    public enum SeatState: Sendable, Equatable {
        case free
        case held(holdId: String)
        case sold(orderId: String)
    }

    public struct Snapshot: Sendable, Equatable {
        public var version: Int
        public var seats: [String: SeatState]
    }

    public struct Sweep: Sendable, Equatable {
        /// 0 when nothing was due.
        public var version: Int
        public var releasedHoldIds: [String]
    }

    public let pool: RedisPool
    public let keys: PerformanceKeys

    public init(pool: RedisPool, keys: PerformanceKeys) {
        self.pool = pool
        self.keys = keys
    }

    private var scriptKeys: [String] {
        [keys.seats, keys.holds, keys.holdDeadlines, keys.buyerHolds, keys.inventory, keys.version, keys.events,
         keys.admitted, keys.notices]
    }

    /// Loads the hall's seats once; returns false when another node already did.
    @discardableResult
    public func load(seats: [String], maxPerOrder: Int) async throws -> Bool {
        precondition(Set(seats).count == seats.count, "seat ids must be distinct")
        let reply = try await pool.evaluate(SeatScripts.load, keys: scriptKeys, arguments: [String(maxPerOrder)] + seats)
        return reply.int == 1
    }

    /// `admittedAt`: hold only if the buyer's admission is live at that time, in the same step.
    public func hold(id holdId: String, buyer: String, seats: [String], until deadline: Date,
                     admittedAt: Date? = nil) async throws -> HoldOutcome {
        precondition(!seats.isEmpty, "a hold takes at least one seat")
        let arguments = [holdId, buyer, String(RedisTime.milliseconds(deadline)),
                         admittedAt.map { String(RedisTime.milliseconds($0)) } ?? ""] + seats
        let (tag, rest) = try await pool.evaluate(SeatScripts.hold, keys: scriptKeys, arguments: arguments).tagged("seats.hold")
        let detail = rest.first
        switch (tag, detail?.int, detail?.string) {
        case ("held", let version?, _): return .held(version: version)
        case ("taken", _, _?): return .taken(seats: rest.compactMap(\.string))
        case ("pinned", _, _): return .pinned
        case ("notadmitted", _, _): return .notAdmitted
        case ("unknown", _, let seat?): return .unknownSeat(seat)
        case ("duplicate", _, let seat?): return .duplicateSeat(seat)
        case ("toomany", let limit?, _): return .tooManySeats(limit: limit)
        default: throw RedisError.unexpectedReply("seats.hold replied \(tag) \(rest)")
        }
    }

    /// Returns the version of the release, or nil when there was no such hold (of that buyer).
    public func release(holdId: String, buyer: String? = nil) async throws -> Int? {
        if case .released(let version) = try await releasing(holdId: holdId, buyer: buyer) { return version }
        return nil
    }

    /// A buyer's release (refused while the hold is being paid), or any release when `buyer` is nil.
    public func releasing(holdId: String, buyer: String?) async throws -> Release {
        let (tag, rest) = try await pool.evaluate(SeatScripts.release, keys: scriptKeys,
                                                  arguments: [holdId, buyer ?? ""]).tagged("seats.release")
        switch (tag, rest.first?.int) {
        case ("released", let version?): return .released(version: version)
        case ("missing", _): return .missing
        case ("notyours", _): return .notYours
        case ("pinned", _): return .pinned
        default: throw RedisError.unexpectedReply("seats.release replied \(tag) \(rest)")
        }
    }

    /// Takes the hold off the sweep while its order is paid; false when it is gone.
    public func pin(holdId: String, orderId: String) async throws -> Bool {
        try await pool.evaluate(SeatScripts.pin, keys: scriptKeys, arguments: [holdId, orderId]).tagged("seats.pin").tag
            == "pinned"
    }

    /// Back on its deadline after a failed payment; the version when that freed it (deadline past).
    public func unpin(holdId: String, now: Date) async throws -> Int? {
        let (tag, rest) = try await pool.evaluate(SeatScripts.unpin, keys: scriptKeys,
                                                  arguments: [holdId, String(RedisTime.milliseconds(now))])
            .tagged("seats.unpin")
        return tag == "released" ? rest.first?.int : nil
    }

    /// Sold seats back on sale (a refund); the version, or nil when none of them was sold.
    public func unsell(seats: [String]) async throws -> Int? {
        guard !seats.isEmpty else { return nil }
        let (tag, rest) = try await pool.evaluate(SeatScripts.unsell, keys: scriptKeys, arguments: seats)
            .tagged("seats.unsell")
        return tag == "returned" ? rest.first?.int : nil
    }

    /// Marks seats sold that were sold before the map was loaded; returns how many it marked.
    @discardableResult
    public func restoreSold(_ sold: [(seatId: String, orderId: String)]) async throws -> Int {
        guard !sold.isEmpty else { return 0 }
        return try await pool.evaluate(SeatScripts.restoreSold, keys: scriptKeys,
                                       arguments: sold.flatMap { [$0.seatId, $0.orderId] }).int ?? 0
    }

    public func hold(id holdId: String) async throws -> HoldRecord? {
        guard let json = try await pool.command(["HGET", keys.holds, holdId]).string else { return nil }
        struct Stored: Decodable { var u: String; var s: [String]; var d: Int; var o: String? }
        // cjson writes an empty Lua table as `{}`; a hold always has seats, so `s` is an array.
        let stored = try JSONDecoder().decode(Stored.self, from: Data(json.utf8))
        return HoldRecord(buyer: stored.u, seats: stored.s, deadline: RedisTime.date(milliseconds: stored.d),
                          orderId: stored.o)
    }

    /// The buyer's current hold id, if any.
    public func holdId(of buyer: String) async throws -> String? {
        try await pool.command(["HGET", keys.buyerHolds, buyer]).string
    }

    public func sweep(now: Date, limit: Int = 500) async throws -> Sweep {
        let reply = try await pool.evaluate(SeatScripts.sweep, keys: scriptKeys,
                                            arguments: [String(RedisTime.milliseconds(now)), String(limit)])
        guard let items = reply.array, let version = items.first?.int else {
            throw RedisError.unexpectedReply("seats.sweep replied \(reply)")
        }
        return Sweep(version: version, releasedHoldIds: items.dropFirst().compactMap(\.string))
    }

    /// Returns the version of the sale, or nil when the hold is gone (expired and swept).
    public func sell(holdId: String, orderId: String) async throws -> Int? {
        let (tag, rest) = try await pool.evaluate(SeatScripts.sell, keys: scriptKeys,
                                                  arguments: [holdId, orderId]).tagged("seats.sell")
        return tag == "sold" ? rest.first?.int : nil
    }

    public func snapshot() async throws -> Snapshot {
        let reply = try await pool.evaluate(SeatScripts.snapshot, keys: scriptKeys, arguments: [])
        guard let items = reply.array, let version = items.first?.int, items.count % 2 == 1 else {
            throw RedisError.unexpectedReply("seats.snapshot replied \(reply)")
        }
        var seats: [String: SeatState] = [:]
        var index = 1
        while index < items.count {
            guard let seat = items[index].string, let raw = items[index + 1].string else {
                throw RedisError.unexpectedReply("seats.snapshot replied \(reply)")
            }
            seats[seat] = try Self.state(raw)
            index += 2
        }
        return Snapshot(version: version, seats: seats)
    }

    public func inventory() async throws -> InventoryLevel {
        let reply = try await pool.command(["HMGET", keys.inventory, "available", "held"])
        guard let items = reply.array, items.count == 2 else {
            throw RedisError.unexpectedReply("HMGET inventory replied \(reply)")
        }
        return InventoryLevel(available: items[0].int ?? 0, held: items[1].int ?? 0)
    }

    static func state(_ raw: String) throws -> SeatState {
        if raw == "f" { return .free }
        if raw.hasPrefix("h:") { return .held(holdId: String(raw.dropFirst(2))) }
        if raw.hasPrefix("s:") { return .sold(orderId: String(raw.dropFirst(2))) }
        throw RedisError.unexpectedReply("seat state \(raw)")
    }
}
