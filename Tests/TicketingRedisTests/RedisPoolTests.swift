import Synchronization
import ConnectionPooling
import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Redis pool: bounds, timeouts, reconnects", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct RedisPoolTests {
    @Test func twoHundredCallersShareAtMostTheBoundOfConnections() async throws {
        let pool = try RedisTestServer.pool(maxConnections: 3)
        let key = "{t:\(UUID().uuidString)}:n"
        let values = try await race(200) { _ in try await pool.command(["INCR", key]).int ?? -1 }
        #expect(Set(values) == Set(1...200))
        #expect(await pool.connectsMade <= 3)
        #expect(await pool.openConnections <= 3)
        await pool.shutdown()
    }

    @Test func aCallerWaitingPastTheTimeoutIsToldSo() async throws {
        let pool = try RedisTestServer.pool(maxConnections: 1, acquireTimeout: .milliseconds(200))
        let leased = try await pool.acquire()
        await #expect {
            try await pool.command(["PING"])
        } throws: { error in
            if case PoolError.acquireTimedOut = error { return true }
            return false
        }
        await pool.release(leased)
        #expect(try await pool.command(["PING"]) == .status("PONG"))
        await pool.shutdown()
    }

    @Test func aKilledConnectionIsReplacedOnTheNextLease() async throws {
        let pool = try RedisTestServer.pool(maxConnections: 1)
        let id = try #require(try await pool.command(["CLIENT", "ID"]).int)
        let admin = try await RedisConnection.connect(to: try RedisTestServer.endpoint())
        #expect(try await admin.command(["CLIENT", "KILL", "ID", String(id)]) == .integer(1))
        // The pool still holds the dead connection: the first call finds out, the pool drops it.
        await #expect(throws: RedisError.self) { try await pool.command(["PING"]) }
        #expect(try await pool.command(["PING"]) == .status("PONG"))
        #expect(await pool.connectsMade == 2)
        await pool.shutdown()
    }

    @Test func connectFailuresAreRetriedWithBackoffUntilTheDeadline() async throws {
        // A port bound but never listened on, kept for the whole test: every connect is refused
        // at once, and no other test's server can take the port meanwhile (a closed port can be).
        let refusing = try RefusingPort()
        let port = refusing.port
        defer { refusing.close() }
        let attempts = Counter()
        // A roomy deadline: beside the parallel suites the cooperative pool can stall for seconds
        // (seen in CI: 15 s), and the retries need some of that time to run at all.
        let pool = RedisPool(options: .init(maxConnections: 2, acquireTimeout: .seconds(10),
                                            backoff: Backoff(base: .milliseconds(10), cap: .milliseconds(80)))) {
            attempts.increment()
            return try await RedisConnection.connect(to: RedisEndpoint(host: "127.0.0.1", port: port))
        }
        await #expect {
            try await pool.command(["PING"])
        } throws: { error in
            guard case PoolError.acquireTimedOut(_, let last) = error else { return false }
            return last?.contains("onnect") == true
        }
        #expect(attempts.value >= 3, "expected several spaced attempts, saw \(attempts.value)")
        #expect(await pool.openConnections == 0)
    }
}

final class Counter: Sendable {
    private let storage = Mutex(0)
    func increment() { storage.withLock { $0 += 1 } }
    var value: Int { storage.withLock { $0 } }
}

/// A loopback socket bound and never listened on: connects to its port are refused.
final class RefusingPort: Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        port = try boundPort(fd)
    }

    func close() { _ = Glibc.close(fd) }
}

/// A free loopback port (bound, noted, closed): free until someone else takes it.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    return try boundPort(fd)
}

private func boundPort(_ fd: Int32) throws -> Int {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
        }
    }
    try #require(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}
