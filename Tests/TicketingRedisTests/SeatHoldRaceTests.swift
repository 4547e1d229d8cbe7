import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Seat holds in Redis under contention", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct SeatHoldRaceTests {
    static let seats = (1...40).map { "A-\($0)" }

    struct Attempt: Sendable {
        var holdId: String
        var seats: [String]
        var won: Bool
    }

    /// What must hold after any rush: a won hold owns all its seats, a lost one owns none, no seat
    /// is in two won holds, and the counters agree with the map.
    static func violations(_ attempts: [Attempt], _ snapshot: RedisSeatMap.Snapshot, _ inventory: InventoryLevel) -> [String] {
        var problems: [String] = []
        var owner: [String: String] = [:]
        for attempt in attempts where attempt.won {
            for seat in attempt.seats {
                if let other = owner[seat] { problems.append("\(seat) held by both \(other) and \(attempt.holdId)") }
                owner[seat] = attempt.holdId
                if snapshot.seats[seat] != .held(holdId: attempt.holdId) {
                    problems.append("\(attempt.holdId) won \(seat) but the map says \(String(describing: snapshot.seats[seat]))")
                }
            }
        }
        for attempt in attempts where !attempt.won {
            for (seat, state) in snapshot.seats where state == .held(holdId: attempt.holdId) {
                problems.append("\(attempt.holdId) lost yet holds \(seat)")
            }
        }
        let held = snapshot.seats.values.filter { if case .held = $0 { true } else { false } }.count
        if inventory.held != held || inventory.available != snapshot.seats.count - held {
            problems.append("counters \(inventory) disagree with the map (\(held) held of \(snapshot.seats.count))")
        }
        return problems
    }

    /// Random baskets of one to four seats, deterministic per attempt index.
    static func basket(_ index: Int) -> [String] {
        var generator = SplitMix64(state: UInt64(index) &* 7919 &+ 17)
        let count = Int.random(in: 1...4, using: &generator)
        return Array(seats.shuffled(using: &generator).prefix(count))
    }

    @Test func twoHundredBuyersRacingForFortySeatsNeverShareOne() async throws {
        let pool = try RedisTestServer.pool()
        let map = RedisSeatMap(pool: pool, keys: RedisTestServer.freshKeys())
        try await map.load(seats: Self.seats, maxPerOrder: 4)
        let deadline = Date().addingTimeInterval(600)
        let attempts = try await race(200) { index in
            let seats = Self.basket(index)
            let outcome = try await map.hold(id: "h\(index)", buyer: "b\(index)", seats: seats, until: deadline)
            if case .held = outcome { return Attempt(holdId: "h\(index)", seats: seats, won: true) }
            guard case .taken = outcome else { throw RedisError.unexpectedReply("\(outcome)") }
            return Attempt(holdId: "h\(index)", seats: seats, won: false)
        }
        let snapshot = try await map.snapshot()
        #expect(Self.violations(attempts, snapshot, try await map.inventory()) == [])
        #expect(attempts.contains { $0.won } && attempts.contains { !$0.won }, "the rush must produce both outcomes")
        // Every won hold bumped the version by exactly one.
        #expect(snapshot.version == attempts.filter(\.won).count)
        await pool.shutdown()
    }

    /// Control: the same rush through a get-then-set hold (read every seat, then write them in a
    /// second round trip) breaks the invariant, so the check above would catch a non-atomic hold.
    @Test func aNonAtomicHoldIsCaughtByTheSameCheck() async throws {
        let pool = try RedisTestServer.pool()
        var found: [String] = []
        for round in 0..<5 where found.isEmpty {
            let keys = RedisTestServer.freshKeys()
            let map = RedisSeatMap(pool: pool, keys: keys)
            try await map.load(seats: Self.seats, maxPerOrder: 4)
            let attempts = try await race(200) { index in
                let seats = Self.basket(index + round * 1000)
                let won = try await pool.withConnection { connection in
                    let states = try await connection.pipeline(seats.map { ["HGET", keys.seats, $0] })
                    return states.allSatisfy { $0.string == "f" }
                }
                guard won else { return Attempt(holdId: "h\(index)", seats: seats, won: false) }
                await Task.yield()
                _ = try await pool.withConnection { connection in
                    try await connection.pipeline(seats.map { ["HSET", keys.seats, $0, "h:h\(index)"] }
                        + [["HINCRBY", keys.inventory, "available", String(-seats.count)],
                           ["HINCRBY", keys.inventory, "held", String(seats.count)]])
                }
                return Attempt(holdId: "h\(index)", seats: seats, won: true)
            }
            found = Self.violations(attempts, try await map.snapshot(), try await map.inventory())
        }
        #expect(!found.isEmpty, "a get-then-set hold must show a double hold within five rushes")
        await pool.shutdown()
    }

    @Test func aBuyersNewHoldReleasesTheOldOneOnlyWhenItSucceeds() async throws {
        let pool = try RedisTestServer.pool()
        let map = RedisSeatMap(pool: pool, keys: RedisTestServer.freshKeys())
        try await map.load(seats: Self.seats, maxPerOrder: 4)
        let deadline = Date().addingTimeInterval(600)
        #expect(try await map.hold(id: "first", buyer: "ann", seats: ["A-1", "A-2"], until: deadline) == .held(version: 1))
        #expect(try await map.hold(id: "rival", buyer: "bob", seats: ["A-3"], until: deadline) == .held(version: 2))
        // Fails on A-3: Ann keeps her first hold.
        #expect(try await map.hold(id: "second", buyer: "ann", seats: ["A-2", "A-3"], until: deadline) == .taken(seats: ["A-3"]))
        #expect(try await map.snapshot().seats["A-1"] == .held(holdId: "first"))
        // Succeeds, reusing A-2 from her own first hold: A-1 comes back.
        #expect(try await map.hold(id: "third", buyer: "ann", seats: ["A-2", "A-4"], until: deadline) == .held(version: 3))
        let after = try await map.snapshot()
        #expect(after.seats["A-1"] == .free)
        #expect(after.seats["A-2"] == .held(holdId: "third"))
        #expect(try await map.inventory() == InventoryLevel(available: 37, held: 3))
        // A retry of the same request changes nothing.
        #expect(try await map.hold(id: "third", buyer: "ann", seats: ["A-2", "A-4"], until: deadline) == .held(version: 3))
        #expect(try await map.hold(id: "x", buyer: "cy", seats: ["Z-9"], until: deadline) == .unknownSeat("Z-9"))
        #expect(try await map.hold(id: "y", buyer: "cy", seats: ["A-9", "A-9"], until: deadline) == .duplicateSeat("A-9"))
        #expect(try await map.hold(id: "z", buyer: "cy", seats: ["A-10", "A-11", "A-12", "A-13", "A-14"], until: deadline)
                == .tooManySeats(limit: 4))
        #expect(try await map.inventory() == InventoryLevel(available: 37, held: 3), "refusals change nothing")
        await pool.shutdown()
    }

    @Test func aSoldSeatStaysSoldAndAnExpiredHoldCannotBeSold() async throws {
        let pool = try RedisTestServer.pool()
        let map = RedisSeatMap(pool: pool, keys: RedisTestServer.freshKeys())
        try await map.load(seats: Self.seats, maxPerOrder: 4)
        let now = Date()
        _ = try await map.hold(id: "paid", buyer: "ann", seats: ["A-1"], until: now.addingTimeInterval(60))
        _ = try await map.hold(id: "late", buyer: "bob", seats: ["A-2"], until: now.addingTimeInterval(1))
        #expect(try await map.sell(holdId: "paid", orderId: "o1") == 3)
        #expect(try await map.sweep(now: now.addingTimeInterval(120)).releasedHoldIds == ["late"])
        #expect(try await map.sell(holdId: "late", orderId: "o2") == nil)
        let snapshot = try await map.snapshot()
        #expect(snapshot.seats["A-1"] == .sold(orderId: "o1"))
        #expect(snapshot.seats["A-2"] == .free)
        #expect(try await map.hold(id: "again", buyer: "cy", seats: ["A-1"], until: now.addingTimeInterval(60)) == .taken(seats: ["A-1"]))
        await pool.shutdown()
    }
}
