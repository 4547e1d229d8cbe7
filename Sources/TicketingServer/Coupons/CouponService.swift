import Foundation
import Logging
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// The coupon operations behind the routes, and what checkout calls: stocks decide claims in
/// memory, the issuance log makes them durable, storage answers everything else.
struct CouponService: Sendable {
    typealias ClaimResult = CouponClaimResult

    let storage: any DurableRecords
    let log: IssuanceLog
    let stocks: CouponStocks
    let clock: WallClock
    /// How long a claim answer may wait for its batch to commit so it can say `issued`;
    /// zero answers at once (usually `pending`).
    let ackWait: Duration

    init(storage: any DurableRecords, logger: Logger, clock: WallClock, ackWait: Duration = .zero,
         batchInterval: Duration = .milliseconds(2)) {
        let log = IssuanceLog(storage: storage, logger: logger, interval: batchInterval)
        self.storage = storage
        self.log = log
        self.stocks = CouponStocks(storage: storage, log: log)
        self.clock = clock
        self.ackWait = ackWait
    }

    func create(_ record: CouponRecord) async throws {
        try await storage.createCoupon(record)
        await stocks.register(record.coupon)
    }

    func claim(couponId: String, userId: String) async throws -> ClaimResult {
        guard let stock = try await stocks.stock(couponId) else { return .unknownCoupon }
        let decision = await stock.claim(userId: userId, now: clock.now())
        guard case .won(let id) = decision else { return .refused(decision) }
        return await log.outcome(of: id, waitingUpTo: ackWait).claimResult(userCouponId: id)
    }

    /// A coupon as the wire shows it, with its live remaining stock: the one mapping, for the
    /// answer to its creation and for the list alike.
    /// Live remaining stock: from the in-memory stock when it is loaded (pending wins count),
    /// otherwise from the log's count, which is then exact because nothing is pending.
    func remaining(of record: CouponRecord) async -> Int {
        if let stock = await stocks.loaded(record.coupon.id) { return await stock.remaining }
        return max(0, record.coupon.totalQuantity - record.issuedCount)
    }

    /// The buyer's coupons: durable ones from storage, plus claims still waiting for their batch.
    /// Pending entries are read first: one that commits in between then shows up in both reads
    /// (and is kept once, as durable) rather than in neither.
    func userCoupons(userId: String) async throws -> [UserCoupon] {
        let pending = await log.pending(userId: userId)
        var coupons = try await storage.userCoupons(userId: userId)
        let durable = Set(coupons.map(\.id))
        for entry in pending where !durable.contains(entry.id) {
            guard let stock = try await stocks.stock(entry.couponId) else { continue }
            coupons.append(UserCoupon(id: entry.id, userId: userId, coupon: stock.coupon, status: .pending,
                                      claimedAt: entry.claimedAt))
        }
        return coupons
    }

    /// Waits until every claim won so far is durable.
    func flush() async {
        await log.flush()
    }

    /// For shutdown: false when the database kept failing past `timeout`.
    func flush(timeout: Duration) async -> Bool {
        await log.flush(timeout: timeout)
    }
}
