import Foundation
import Logging
import Testing
import TicketingDomain
import TicketingPostgres
import TicketingRedis
@testable import TicketingServer
import TicketingStorage

/// The backends the contract and race suites run against: `@Test(arguments: Backend.all)`. The
/// distributed backend (Redis + PostgreSQL) adds a case here and gets every such suite.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// SQLite in a fresh directory, one actor per performance and per coupon, in this process.
    case embedded
    /// The contended state on the Redis of `QT_TEST_REDIS_URL` (scripts/services.sh); the
    /// records stay SQLite here, the PostgreSQL records have suites of their own.
    case distributed

    /// `.distributed` only where a test Redis is running, so a run without one still passes.
    static let all: [Backend] = redisURL == nil ? [.embedded] : [.embedded, .distributed]
    static let redisURL = ProcessInfo.processInfo.environment["QT_TEST_REDIS_URL"]
    static let tokens = AdmissionTokens(signer: TokenSigner(key: Array(repeating: 1, count: 32)))
    var testDescription: String { rawValue }

    func make(clock: WallClock = .system) async throws -> BackendUnderTest {
        switch self {
        case .distributed:
            let url = try #require(Self.redisURL, "QT_TEST_REDIS_URL is not set")
            let records = try await Self.distributedRecords()
            // 10,000 claims at once wait their turn for 16 connections, each reply fsynced first:
            // the default 5 s acquire deadline would turn the queue's tail into 503s.
            let pool = RedisPool.redis(try RedisEndpoint(url: url),
                                       options: .init(maxConnections: 16, acquireTimeout: .seconds(120)))
            let coupons = RedisCouponClaims(records: records.records, pool: pool, logger: .quiet, clock: clock)
            let node = try Self.redisNode(records: records.records, clock: clock)
            return BackendUnderTest(records: records.records, coupons: coupons, performances: node.states) {
                await node.states.stopAll()
                await coupons.flush()
                await node.pool.shutdown()
                await pool.shutdown()
                await records.teardown()
            }
        case .embedded:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("qticket-contract-\(UUID().uuidString)", isDirectory: true)
            let storage = try Storage(directory: directory)
            let coupons = CouponService(storage: storage, logger: .quiet, clock: clock)
            let hub = PerformanceHub(deps: PerformanceDeps(
                clock: clock, storage: storage, tokens: AdmissionTokens(signer: TokenSigner(key: Array(repeating: 1, count: 32))),
                logger: .quiet, pushInterval: 0.25, disconnectGrace: 60), tick: .milliseconds(100))
            return BackendUnderTest(records: storage, coupons: coupons, performances: hub) {
                await hub.stopAll()
                await coupons.flush()
                try? FileManager.default.removeItem(at: directory)
            }
        }
    }
}

extension Backend {
    static let postgresURL = ProcessInfo.processInfo.environment["QT_TEST_POSTGRES_URL"]

    /// The distributed records: PostgreSQL in a schema of its own when `QT_TEST_POSTGRES_URL` names
    /// a server (CI), else SQLite in a fresh directory (the contended half still runs on Redis).
    static func distributedRecords() async throws -> (records: any DurableRecords, teardown: @Sendable () async -> Void) {
        if let url = postgresURL {
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try await PostgresConnection.connect(PostgresConfiguration(url: url))
            try await admin.execute("CREATE SCHEMA \(schema)")
            await admin.close()
            let pool = PostgresPool.postgres(PostgresConfiguration(url: url, searchPath: schema),
                                             options: .init(maxConnections: 8, acquireTimeout: .seconds(60)))
            try await PostgresMigrator.migrate(pool)
            return (PostgresRecords(pool: pool), { await pool.shutdown() })
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-contract-\(UUID().uuidString)", isDirectory: true)
        let storage = try Storage(directory: directory)
        return (storage, { try? FileManager.default.removeItem(at: directory) })
    }

    /// One qticketd node's Redis half: its own pool, the shared signing key.
    static func redisNode(records: any DurableRecords, clock: WallClock = .system,
                          settings: RedisPerformanceStates.Settings = .init(tick: .milliseconds(100), pushInterval: 0.25))
        throws -> (states: RedisPerformanceStates, pool: RedisShutdown) {
        let endpoint = try RedisEndpoint(url: try #require(redisURL, "QT_TEST_REDIS_URL is not set"))
        let pool = RedisPool.redis(endpoint, options: .init(maxConnections: 8, acquireTimeout: .seconds(20)))
        let tails = RedisPool.redis(endpoint, options: .init(maxConnections: 4, acquireTimeout: .seconds(20)))
        let states = RedisPerformanceStates(pool: pool, tailPool: tails, records: records, tokens: tokens, clock: clock,
                                            logger: .quiet, settings: settings)
        return (states, RedisShutdown(pools: [pool, tails]))
    }
}

/// A node's pools, shut down together.
struct RedisShutdown: Sendable {
    let pools: [RedisPool]

    func shutdown() async {
        for pool in pools { await pool.shutdown() }
    }
}

/// One backend, seen only through its ports.
struct BackendUnderTest: Sendable {
    let records: any DurableRecords
    let coupons: any CouponClaims
    let performances: any PerformanceStates
    let teardown: @Sendable () async -> Void

    /// A seller, a venue from an asset hall and an open performance of it, written through the
    /// record ports; returns the performance's contended state.
    func performance(hall file: String = "theatre.hall", maxSeatsPerOrder: Int = 4, ratePerSecond: Double = 10_000,
                     opensIn: TimeInterval = -60)
        async throws -> (state: any PerformanceState, hall: Hall) {
        let hall = try Hall.load(path: Self.assets.appendingPathComponent("halls/\(file)").path)
        let seller = UserRecord(id: "usr_\(UUID().uuidString.prefix(8))", email: "\(UUID().uuidString)@example.com",
                                name: "Seller", role: .seller, passwordHash: "-", createdAt: Date())
        try await records.createUser(seller)
        let venue = VenueRecord(id: "ven_\(UUID().uuidString.prefix(8))", ownerId: seller.id, name: hall.name,
                                layout: hall.layout, createdAt: Date())
        try await records.createVenue(venue)
        let spec = PerformanceSpec(venueId: venue.id, title: "Race Night", startsAt: Date().addingTimeInterval(86_400 * 30),
                                   saleOpensAt: Date().addingTimeInterval(opensIn), grades: hall.grades,
                                   maxSeatsPerOrder: maxSeatsPerOrder,
                                   admission: AdmissionSpec(ratePerSecond: ratePerSecond, maxActive: 1_000))
        let record = PerformanceRecord(id: "prf_\(UUID().uuidString.prefix(8))", sellerId: seller.id, spec: spec,
                                       createdAt: Date())
        try await records.createPerformance(record)
        return (try #require(try await performances.state(for: record.id)), hall)
    }

    static var assets: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Assets")
    }
}
