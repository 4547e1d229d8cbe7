import Foundation
import Logging
import TicketingDomain
import TicketingRecords
import TicketingRedis

/// `CouponClaims` for the distributed mode: every node decides claims through one Redis script
/// (`RedisCouponStock`, stock and claimant changed together), so N nodes issue exactly what one
/// would. A claim is acknowledged once Redis has answered the script: Redis runs with
/// `appendfsync always`, which fsyncs the AOF before the reply leaves (docs/SCALE_OUT.md,
/// "Durability of a claim"). The issuance rows follow into the durable records in batches through
/// the same `IssuanceLog` the embedded mode uses, so a buyer's list merges durable and pending
/// exactly as `CouponService` does.
struct RedisCouponClaims: CouponClaims {
    let records: any DurableRecords
    let pool: RedisPool
    let log: IssuanceLog
    let catalog: RedisCouponCatalog
    let clock: WallClock
    /// As `CouponService.ackWait`: how long an answer may wait for its batch to say `issued`.
    let ackWait: Duration

    init(records: any DurableRecords, pool: RedisPool, logger: Logger, clock: WallClock,
         ackWait: Duration = .zero, batchInterval: Duration = .milliseconds(2)) {
        self.records = records
        self.pool = pool
        self.log = IssuanceLog(storage: records, logger: logger, interval: batchInterval)
        self.catalog = RedisCouponCatalog(records: records)
        self.clock = clock
        self.ackWait = ackWait
    }

    func create(_ record: CouponRecord) async throws {
        try await records.createCoupon(record)
        await catalog.remember(record.coupon)
        try await stock(record.coupon).load(remaining: record.coupon.totalQuantity, claimants: [:])
    }

    func claim(couponId: String, userId: String) async throws -> CouponClaimResult {
        guard let coupon = try await catalog.coupon(couponId) else { return .unknownCoupon }
        let stock = stock(coupon)
        let now = clock.now()
        // The window is a property of the coupon, not of the contended stock; a buyer who already
        // won is told so first, as `CouponStockState.claim` does.
        if let shut = coupon.claimWindow(at: now).refusal {
            if let earlier = try await stock.claimant(userId) { return .refused(.alreadyClaimed(userCouponId: earlier)) }
            return .refused(shut)
        }
        let minted = IDs.make("ucp")
        var answer = try await stock.claim(buyer: userId, userCouponId: minted)
        if answer == .unloaded {
            try await load(coupon, into: stock)
            answer = try await stock.claim(buyer: userId, userCouponId: minted)
        }
        switch answer {
        case .already(let id): return .refused(.alreadyClaimed(userCouponId: id))
        case .soldOut: return .refused(.soldOut)
        case .unloaded: throw RedisError.unexpectedReply("coupon.claim: \(couponId) still unloaded after coupon.load")
        case .won(let id):
            await log.append(CouponIssuance(id: id, couponId: couponId, userId: userId, claimedAt: now))
            return await log.outcome(of: id, waitingUpTo: ackWait).claimResult(userCouponId: id)
        }
    }

    /// Durable rows first, then this node's wins still waiting for their batch (read before the
    /// durable rows, so one committing in between shows once rather than not at all).
    func userCoupons(userId: String) async throws -> [UserCoupon] {
        let pending = await log.pending(userId: userId)
        var coupons = try await records.userCoupons(userId: userId)
        let durable = Set(coupons.map(\.id))
        for entry in pending where !durable.contains(entry.id) {
            guard let coupon = try await catalog.coupon(entry.couponId) else { continue }
            coupons.append(UserCoupon(id: entry.id, userId: userId, coupon: coupon, status: .pending,
                                      claimedAt: entry.claimedAt))
        }
        return coupons
    }

    /// Redis's live stock once loaded (every node's pending wins count as taken); before that,
    /// the issuance log's count, exact because nothing can be pending for an unloaded coupon.
    func remaining(of record: CouponRecord) async -> Int {
        if let live = try? await stock(record.coupon).remaining() { return max(0, live) }
        return max(0, record.coupon.totalQuantity - record.issuedCount)
    }

    func flush() async {
        await log.flush()
    }

    func flush(timeout: Duration) async -> Bool {
        await log.flush(timeout: timeout)
    }

    private func stock(_ coupon: Coupon) -> RedisCouponStock {
        RedisCouponStock(pool: pool, keys: CouponKeys(couponId: coupon.id, performanceId: coupon.target.performanceId))
    }

    /// Seeds Redis from the durable issuance log; the script loads only if no node did before.
    private func load(_ coupon: Coupon, into stock: RedisCouponStock) async throws {
        let snapshot = try await records.couponStock(couponId: coupon.id)
        let claimants = snapshot?.claimants ?? [:]
        try await stock.load(remaining: max(0, coupon.totalQuantity - claimants.count), claimants: claimants)
    }
}

/// Coupon definitions this node has read, so a claim costs one Redis script and no database
/// read. A coupon never changes once created; unknown ids are not remembered.
actor RedisCouponCatalog {
    private let records: any DurableRecords
    private var known: [String: Coupon] = [:]

    init(records: any DurableRecords) {
        self.records = records
    }

    func coupon(_ id: String) async throws -> Coupon? {
        if let coupon = known[id] { return coupon }
        guard let record = try await records.coupon(id: id) else { return nil }
        known[id] = record.coupon
        return record.coupon
    }

    func remember(_ coupon: Coupon) {
        known[coupon.id] = coupon
    }
}

extension RedisCouponStock {
    /// The buyer's earlier win, if any.
    func claimant(_ buyer: String) async throws -> String? {
        try await pool.command(["HGET", keys.claimants, buyer]).string
    }
}
