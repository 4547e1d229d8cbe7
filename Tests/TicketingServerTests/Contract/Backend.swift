import Foundation
import Logging
import Testing
import TicketingDomain
import TicketingRedis
@testable import TicketingServer
import TicketingStorage

/// The backends the contract and race suites run against: `@Test(arguments: Backend.all)`. The
/// distributed backend (Redis + PostgreSQL) adds a case here and gets every such suite.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// SQLite in a fresh directory, one actor per performance and per coupon, in this process.
    case embedded
    /// Coupon stock and claims in Redis (`RedisCouponClaims`); only when `QT_TEST_REDIS_URL`
    /// names a server (`scripts/services.sh`). Records: SQLite until the PostgreSQL records land
    /// (`DistributedBackend.records`); performances: the actors until `RedisPerformanceStates` does.
    case distributed

    static var all: [Backend] { redisURL == nil ? [.embedded] : allCases }
    static var redisURL: String? { ProcessInfo.processInfo.environment["QT_TEST_REDIS_URL"] }
    var testDescription: String { rawValue }

    func make(clock: WallClock = .system) async throws -> BackendUnderTest {
        switch self {
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
        case .distributed:
            let url = try #require(Self.redisURL, "QT_TEST_REDIS_URL is not set")
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("qticket-contract-\(UUID().uuidString)", isDirectory: true)
            let storage = try Storage(directory: directory)
            // 10,000 claims at once wait their turn for 16 connections, each reply fsynced first:
            // the default 5 s acquire deadline would turn the queue's tail into 503s.
            let pool = RedisPool.redis(try RedisEndpoint(url: url),
                                       options: .init(maxConnections: 16, acquireTimeout: .seconds(120)))
            let coupons = RedisCouponClaims(records: storage, pool: pool, logger: .quiet, clock: clock)
            let hub = PerformanceHub(deps: PerformanceDeps(
                clock: clock, storage: storage, tokens: AdmissionTokens(signer: TokenSigner(key: Array(repeating: 1, count: 32))),
                logger: .quiet, pushInterval: 0.25, disconnectGrace: 60), tick: .milliseconds(100))
            return BackendUnderTest(records: storage, coupons: coupons, performances: hub) {
                await hub.stopAll()
                await coupons.flush()
                await pool.shutdown()
                try? FileManager.default.removeItem(at: directory)
            }
        }
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
    func performance(hall file: String = "theatre.hall", maxSeatsPerOrder: Int = 4)
        async throws -> (state: any PerformanceState, hall: Hall) {
        let hall = try Hall.load(path: Self.assets.appendingPathComponent("halls/\(file)").path)
        let seller = UserRecord(id: "usr_\(UUID().uuidString.prefix(8))", email: "\(UUID().uuidString)@example.com",
                                name: "Seller", role: .seller, passwordHash: "-", createdAt: Date())
        try await records.createUser(seller)
        let venue = VenueRecord(id: "ven_\(UUID().uuidString.prefix(8))", ownerId: seller.id, name: hall.name,
                                layout: hall.layout, createdAt: Date())
        try await records.createVenue(venue)
        let spec = PerformanceSpec(venueId: venue.id, title: "Race Night", startsAt: Date().addingTimeInterval(86_400 * 30),
                                   saleOpensAt: Date().addingTimeInterval(-60), grades: hall.grades,
                                   maxSeatsPerOrder: maxSeatsPerOrder,
                                   admission: AdmissionSpec(ratePerSecond: 10_000, maxActive: 1_000))
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
