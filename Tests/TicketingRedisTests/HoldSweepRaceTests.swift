import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Hold expiry swept by many nodes at once", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct HoldSweepRaceTests {
    @Test func eightSweepersReturnEachExpiredHoldExactlyOnceAndTouchNothingElse() async throws {
        let pool = try RedisTestServer.pool()
        let map = RedisSeatMap(pool: pool, keys: RedisTestServer.freshKeys())
        let seats = (1...60).map { "B-\($0)" }
        try await map.load(seats: seats, maxPerOrder: 2)
        let t0 = Date(timeIntervalSince1970: 2_000_000_000)
        for index in 0..<30 {
            // Even holds expire at t0 + 1 s, odd ones an hour later.
            let deadline = t0.addingTimeInterval(index.isMultiple(of: 2) ? 1 : 3600)
            let outcome = try await map.hold(id: "h\(index)", buyer: "b\(index)",
                                             seats: [seats[2 * index], seats[2 * index + 1]], until: deadline)
            guard case .held = outcome else { Issue.record("setup hold \(index): \(outcome)"); return }
        }
        let versionBefore = try await map.snapshot().version
        // Small limits force several rounds per sweeper, so sweeps interleave.
        let sweeps = try await race(8) { _ in
            var released: [String] = []
            while true {
                let sweep = try await map.sweep(now: t0.addingTimeInterval(2), limit: 2)
                if sweep.releasedHoldIds.isEmpty { return released }
                released += sweep.releasedHoldIds
            }
        }
        let released = sweeps.flatMap { $0 }
        #expect(released.count == 15)
        #expect(Set(released) == Set((0..<30).filter { $0.isMultiple(of: 2) }.map { "h\($0)" }))
        let snapshot = try await map.snapshot()
        for index in 0..<30 {
            let expected: RedisSeatMap.SeatState = index.isMultiple(of: 2) ? .free : .held(holdId: "h\(index)")
            #expect(snapshot.seats[seats[2 * index]] == expected)
            #expect(snapshot.seats[seats[2 * index + 1]] == expected)
        }
        #expect(try await map.inventory() == InventoryLevel(available: 30, held: 30))
        // One version per sweep that released something, and each release is in the stream.
        let log = RedisEventLog(pool: pool, keys: map.keys)
        let batch = try await log.events(after: versionBefore)
        #expect(!batch.gap)
        #expect(batch.events.count == snapshot.version - versionBefore)
        let freed = batch.events.compactMap { $0.fields["changes"] }.map { $0.components(separatedBy: "\"free\"").count - 1 }
        #expect(freed.reduce(0, +) == 30)
        await pool.shutdown()
    }
}
