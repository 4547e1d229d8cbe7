import Foundation
import TicketingDomain

/// A performance's seats in Redis: all-or-nothing holds with deadlines, a sweep any node may run,
/// sale on payment, and a version bumped by one per change (docs/SCALE_OUT.md).
public struct RedisSeatMap: Sendable {
    public enum HoldOutcome: Sendable, Equatable {
        case held(version: Int)
        case taken(seat: String)
        case unknownSeat(String)
        case duplicateSeat(String)
        case tooManySeats(limit: Int)
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
        [keys.seats, keys.holds, keys.holdDeadlines, keys.buyerHolds, keys.inventory, keys.version, keys.events]
    }

    /// Loads the hall's seats once; returns false when another node already did.
    @discardableResult
    public func load(seats: [String], maxPerOrder: Int) async throws -> Bool {
        precondition(Set(seats).count == seats.count, "seat ids must be distinct")
        let reply = try await pool.evaluate(SeatScripts.load, keys: scriptKeys, arguments: [String(maxPerOrder)] + seats)
        return reply.int == 1
    }

    public func hold(id holdId: String, buyer: String, seats: [String], until deadline: Date) async throws -> HoldOutcome {
        precondition(!seats.isEmpty, "a hold takes at least one seat")
        let arguments = [holdId, buyer, String(RedisTime.milliseconds(deadline))] + seats
        let (tag, rest) = try await pool.evaluate(SeatScripts.hold, keys: scriptKeys, arguments: arguments).tagged("seats.hold")
        let detail = rest.first
        switch (tag, detail?.int, detail?.string) {
        case ("held", let version?, _): return .held(version: version)
        case ("taken", _, let seat?): return .taken(seat: seat)
        case ("unknown", _, let seat?): return .unknownSeat(seat)
        case ("duplicate", _, let seat?): return .duplicateSeat(seat)
        case ("toomany", let limit?, _): return .tooManySeats(limit: limit)
        default: throw RedisError.unexpectedReply("seats.hold replied \(tag) \(rest)")
        }
    }

    /// Returns the version of the release, or nil when there was no such hold (of that buyer).
    public func release(holdId: String, buyer: String? = nil) async throws -> Int? {
        let (tag, rest) = try await pool.evaluate(SeatScripts.release, keys: scriptKeys,
                                                  arguments: [holdId, buyer ?? ""]).tagged("seats.release")
        return tag == "released" ? rest.first?.int : nil
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
