import ConnectionPooling
import Foundation
import Synchronization
import Testing
import TicketingDomain
@testable import TicketingRedis

/// A redis-server of the test's own, so the test may kill it.
private final class OwnRedis: Sendable {
    let port: Int
    let directory: URL
    let appendOnly: Bool
    private let process = Mutex<Process?>(nil)

    init(appendOnly: Bool) throws {
        port = try closedLoopbackPort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qt-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.appendOnly = appendOnly
    }

    func start() async throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
                           "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always", "--save", "",
                           "--logfile", directory.appendingPathComponent("redis.log").path]
        try child.run()
        process.withLock { $0 = child }
        // Ready when it answers PING (it refuses connections, then answers LOADING, until then).
        for _ in 0..<500 {
            if let connection = try? await RedisConnection.connect(to: endpoint),
               (try? await connection.command(["PING"])) == .status("PONG") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("redis-server on \(port) did not start")
    }

    /// SIGKILL: no shutdown, no final fsync; only what was already on disk survives.
    func crash() {
        guard let child = process.withLock({ $0 }) else { return }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
    }

    var endpoint: RedisEndpoint { RedisEndpoint(host: "127.0.0.1", port: port) }

    deinit {
        if let child = process.withLock({ $0 }), child.isRunning { kill(child.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}


@Suite("Acknowledged coupon claims survive a Redis crash", .serialized,
       .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct RedisCrashTests {
    /// 300 buyers claim a stock of 200; after 60 wins Redis is SIGKILLed and restarted, and the
    /// last 200 buyers start only then, so they meet the dead server. Callers retry through the
    /// pool (which reconnects with backoff); a retried claim is answered by the claimant hash, so
    /// it cannot win twice. Returns the audit's findings after the restart and the failed tries.
    static func rush(appendOnly: Bool) async throws -> (problems: [String], failedTries: Int) {
        let redis = try OwnRedis(appendOnly: appendOnly)
        try await redis.start()
        let pool = RedisPool.redis(redis.endpoint, options: .init(maxConnections: 8, acquireTimeout: .seconds(20),
                                                                  backoff: Backoff(base: .milliseconds(5), cap: .milliseconds(200))))
        let stock = RedisCouponStock(pool: pool, keys: CouponKeys(couponId: "c1", performanceId: "crash"))
        try await stock.load(remaining: 200, claimants: [:])
        let wins = Counter()
        let crashed = Counter()
        let failedTries = Counter()
        let attempts = try await withThrowingTaskGroup(of: CouponClaimAudit.Attempt?.self) { group in
            group.addTask {
                while wins.value < 60 { await Task.yield() }
                redis.crash()
                crashed.increment()
                try await redis.start()
                return nil
            }
            for index in 0..<300 {
                group.addTask {
                    let buyer = "b\(index)"
                    if index >= 100 { while crashed.value == 0 { await Task.yield() } }
                    for _ in 0..<1000 {
                        guard let claim = try? await stock.claim(buyer: buyer, userCouponId: "uc-\(index)") else {
                            failedTries.increment()
                            continue
                        }
                        switch claim {
                        case .won(let id): wins.increment(); return .init(buyer: buyer, outcome: .won(userCouponId: id))
                        case .already(let id): return .init(buyer: buyer, outcome: .won(userCouponId: id))
                        case .soldOut: return .init(buyer: buyer, outcome: .soldOut)
                        // After a crash without AOF the stock key is gone: that is itself the loss.
                        case .unloaded: return .init(buyer: buyer, outcome: .unexpected("stock lost"))
                        }
                    }
                    return .init(buyer: buyer, outcome: .unexpected("no answer after 1000 tries"))
                }
            }
            return try await group.reduce(into: [CouponClaimAudit.Attempt]()) { if let attempt = $1 { $0.append(attempt) } }
        }
        let holdings = try await stock.claimants()
        let remaining = try await stock.remaining() ?? -1
        await pool.shutdown()
        var problems = CouponClaimAudit.violations(of: attempts, stock: 200, holdings: holdings)
        if remaining + holdings.count != 200 { problems.append("stock \(remaining) + \(holdings.count) claimants ≠ 200") }
        return (problems, failedTries.value)
    }

    /// A SIGKILL loses only what never reached the kernel; `appendfsync always` is what also covers
    /// a machine crash (the page cache lost), which a test cannot stage. Redis writes the AOF
    /// before it replies in every fsync mode, so this proves the order write → reply, and the
    /// reconnecting pool.
    @Test func withTheAOFNoAcknowledgedClaimIsLostToACrashedServer() async throws {
        let (problems, failedTries) = try await Self.rush(appendOnly: true)
        #expect(problems == [])
        #expect(failedTries > 0, "the rush must have met the crashed server")
    }

    /// Control: the same crash without the AOF loses acknowledged claims, and the audit says so.
    @Test func withoutTheAOFTheSameCrashLosesClaimsAndTheAuditSeesIt() async throws {
        #expect(try await Self.rush(appendOnly: false).problems != [])
    }
}
