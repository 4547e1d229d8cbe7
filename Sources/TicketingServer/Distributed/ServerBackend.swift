import Foundation
import Logging
import TicketingNet
import TicketingPostgres
import TicketingRedis
import TicketingStorage

/// What a node runs on, chosen once at start-up: embedded (SQLite in the data directory, actors
/// in this process) or distributed (`--redis`, `--postgres`: PostgreSQL for the records, Redis
/// for the contended state, shared by every node). Past this point the server sees only ports.
struct ServerBackend: Sendable {
    let records: any DurableRecords
    /// Signs and verifies bearer and admission tokens; distributed, the one all nodes share.
    let tokenKey: [UInt8]
    /// Distributed only: where coupon stock, waiting lines and seats live.
    let redis: RedisPool?
    let leases: any PaymentLeases
    let close: @Sendable () async -> Void
    /// Distributed only: the fan-out's blocking stream reads, apart from the requests' pool.
    var redisTails: RedisPool? = nil
    /// Distributed only: the records' pool, for `/metrics`.
    var postgres: PostgresPool? = nil

    var isDistributed: Bool { redis != nil }

    static func embedded(config: ServerConfig, observer: (any StorageObserver)? = nil) throws -> ServerBackend {
        // A group commit starts on the loop of the request that found the writer idle, so its
        // resumptions wake that loop and no pool thread (docs/ARCHITECTURE.md, "Module graph").
        let storage = try Storage(directory: config.dataDirectory, observer: observer,
                                  pacing: CommitPacing(gather: config.commitGather),
                                  drainExecutor: { LoopExecutor.current })
        return ServerBackend(records: storage, tokenKey: try ServerSecret.loadOrCreate(in: config.dataDirectory),
                             redis: nil, leases: LocalPaymentLeases(), close: {})
    }

    /// Migrates the schema (nodes starting together serialise on an advisory lock), then takes the
    /// shared token secret. A backend that cannot be reached stops the start with the pool's error.
    static func distributed(_ settings: DistributedSettings, clock: WallClock) async throws -> ServerBackend {
        let postgres = PostgresPool.postgres(settings.postgres)
        let redis = RedisPool.redis(try settings.redis, options: .init(maxConnections: settings.redisConnections))
        let tails = RedisPool.redis(try settings.redis)
        do {
            do {
                try await PostgresMigrator.migrate(postgres)
            } catch where BackendOutage.covers(error) {
                throw SettingsError("cannot reach PostgreSQL at \(settings.postgresURL): \(error)")
            }
            let key = try await PostgresTokenSecret.loadOrCreate(postgres, candidate: Crypto.randomBytes(32), now: clock.now())
            do {
                try await redis.command(["PING"])
            } catch where BackendOutage.covers(error) {
                throw SettingsError("cannot reach Redis at \(settings.redisURL): \(error)")
            }
            return ServerBackend(
                records: DistributedBackend.records(pool: postgres), tokenKey: key, redis: redis,
                leases: PostgresPaymentLeases(pool: postgres, worker: DistributedBackend.nodeName, clock: clock),
                close: {
                    await postgres.shutdown()
                    await redis.shutdown()
                    await tails.shutdown()
                }, redisTails: tails, postgres: postgres)
        } catch {
            await postgres.shutdown()
            await redis.shutdown()
            await tails.shutdown()
            throw error
        }
    }

    /// The coupon claims on this backend: the in-process stocks, or the Redis script.
    func coupons(config: ServerConfig, logger: Logger, clock: WallClock) -> any ServerCoupons {
        if let redis {
            return RedisCouponClaims(records: records, pool: redis, logger: logger, clock: clock,
                                     ackWait: config.couponClaimAckWait, batchInterval: config.couponBatchInterval)
        }
        return CouponService(storage: records, logger: logger, clock: clock, ackWait: config.couponClaimAckWait,
                             batchInterval: config.couponBatchInterval)
    }
}

/// Coupon claims plus the bounded flush a stopping server needs.
protocol ServerCoupons: CouponClaims {
    /// False when the records kept failing past `timeout`.
    func flush(timeout: Duration) async -> Bool
}

extension CouponService: ServerCoupons {}
extension RedisCouponClaims: ServerCoupons {}

/// The construction points of the distributed mode whose types are built on other branches of
/// issue #16; each is the one line to change when they land.
enum DistributedBackend {
    /// The PostgreSQL record ports (`PostgresRecords`, Sources/TicketingPostgres/Records/).
    static func records(pool: PostgresPool) -> any DurableRecords {
        PostgresRecords(pool: pool, relayWorker: nodeName)
    }

    /// This node in lease columns: unique per process, readable in `ticket_order.lease_owner`.
    static let nodeName = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):"
        + Crypto.randomBytes(4).hex
}

extension ServerBackend {
    /// Where performances' contended state lives: the actors of this process (embedded), or the
    /// Redis every node shares.
    func performanceStates(config: ServerConfig, records: any DurableRecords, tokens: AdmissionTokens,
                           clock: WallClock, logger: Logger, metrics: ServerMetrics) -> any PerformanceStates {
        guard let redis else {
            return PerformanceHub(deps: PerformanceDeps(clock: clock, storage: records, tokens: tokens, logger: logger,
                                                        pushInterval: config.queuePushInterval,
                                                        disconnectGrace: config.disconnectGrace, metrics: metrics),
                                  tick: config.tick)
        }
        return RedisPerformanceStates(pool: redis, tailPool: redisTails, records: records, tokens: tokens, clock: clock,
                                      logger: logger,
                                      settings: .init(tick: config.tick, pushInterval: config.queuePushInterval,
                                                      disconnectGrace: config.disconnectGrace))
    }
}
