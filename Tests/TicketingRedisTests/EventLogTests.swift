import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Versioned change stream", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct EventLogTests {
    @Test func aReaderOnAnotherNodeResumesFromItsLastVersion() async throws {
        let nodeA = try RedisTestServer.pool(maxConnections: 2)
        let nodeB = try RedisTestServer.pool(maxConnections: 2)
        let keys = RedisTestServer.freshKeys()
        let map = RedisSeatMap(pool: nodeA, keys: keys)
        try await map.load(seats: ["A-1", "A-2", "A-3"], maxPerOrder: 2)
        let deadline = Date().addingTimeInterval(60)
        _ = try await map.hold(id: "h1", buyer: "ann", seats: ["A-1"], until: deadline)
        _ = try await map.hold(id: "h2", buyer: "bob", seats: ["A-2"], until: deadline)
        let seenOnA = try await RedisEventLog(pool: nodeA, keys: keys).events(after: 0)
        #expect(seenOnA.events.map(\.version) == [1, 2])
        #expect(seenOnA.events[0].fields["changes"] == #"{"A-1":"held"}"#)

        // The buyer's socket lands on node B, which waits for what comes after version 1.
        let logB = RedisEventLog(pool: nodeB, keys: keys)
        #expect(try await logB.events(after: 1).events.map(\.version) == [2])
        let waiting = Task { try await logB.events(after: 2, block: .seconds(10)) }
        _ = try await map.release(holdId: "h1", buyer: "ann")
        let woke = try await waiting.value
        #expect(woke.events.map(\.version) == [3])
        #expect(woke.events[0].fields["changes"] == #"{"A-1":"free"}"#)
        await nodeA.shutdown()
        await nodeB.shutdown()
    }

    /// Regression: a blocking read longer than the command timeout used to trip the socket timeout
    /// and break the connection, as if Redis had died.
    @Test func aBlockingReadOutlastingTheCommandTimeoutEndsEmptyAndKeepsTheConnection() async throws {
        var endpoint = try RedisTestServer.endpoint()
        endpoint.commandTimeout = .milliseconds(100)
        let pool = RedisPool.redis(endpoint, options: .init(maxConnections: 1))
        let log = RedisEventLog(pool: pool, keys: RedisTestServer.freshKeys())
        let batch = try await log.events(after: 0, block: .milliseconds(300))
        #expect(batch.events.isEmpty && !batch.gap)
        #expect(try await pool.command(["PING"]) == .status("PONG"))
        #expect(await pool.connectsMade == 1)
        await pool.shutdown()
    }

    @Test func aTrimmedStreamIsReportedAsAGap() async throws {
        let pool = try RedisTestServer.pool(maxConnections: 2)
        let keys = RedisTestServer.freshKeys()
        let map = RedisSeatMap(pool: pool, keys: keys)
        try await map.load(seats: ["A-1", "A-2"], maxPerOrder: 2)
        for index in 0..<4 {
            _ = try await map.hold(id: "h\(index)", buyer: "ann", seats: [index.isMultiple(of: 2) ? "A-1" : "A-2"],
                                   until: Date().addingTimeInterval(60))
        }
        _ = try await pool.command(["XTRIM", keys.events, "MAXLEN", "2"])
        let batch = try await RedisEventLog(pool: pool, keys: keys).events(after: 1)
        #expect(batch.gap)
        #expect(batch.events.map(\.version) == [3, 4])
        #expect(try await RedisEventLog(pool: pool, keys: keys).events(after: 2).gap == false)
        await pool.shutdown()
    }
}
