import Foundation
import TicketingDomain
import TicketingRecords
import TicketingRedis

extension RedisCouponClaims {
    /// Copies into the durable issuance log every win Redis acknowledged that the log lacks: a
    /// node that died inside its batch window (`IssuanceLog`) left such wins in Redis only. Any
    /// node may run it at any time: the log refuses an issuance id it already holds, so two
    /// nodes reconciling at once write each win once. A win is copied only if it is still
    /// missing after `grace`, so a live node's own batch (milliseconds) always lands first and is
    /// never refused as a duplicate. Returns the wins it copied.
    @discardableResult
    func reconcile(grace: Duration = .seconds(5)) async throws -> Int {
        var copied = 0
        for record in try await records.coupons() {
            let missing = try await missingWins(of: record.coupon)
            guard !missing.isEmpty else { continue }
            try await Task.sleep(for: grace)
            let durable = try await records.couponStock(couponId: record.coupon.id)?.claimants ?? [:]
            let now = clock.now()
            let still = missing.filter { durable[$0.key] == nil }
                .map { CouponIssuance(id: $0.value, couponId: record.coupon.id, userId: $0.key, claimedAt: now) }
            guard !still.isEmpty else { continue }
            let refused = try await records.appendIssuances(still)
            copied += still.count - refused.count
        }
        return copied
    }

    /// Buyer → user-coupon id of the wins Redis holds and the durable log does not.
    private func missingWins(of coupon: Coupon) async throws -> [String: String] {
        let stock = RedisCouponStock(pool: pool, keys: CouponKeys(couponId: coupon.id,
                                                                  performanceId: coupon.target.performanceId))
        let inRedis = try await stock.claimants()
        guard !inRedis.isEmpty else { return [:] }
        let durable = try await records.couponStock(couponId: coupon.id)?.claimants ?? [:]
        return inRedis.filter { durable[$0.key] == nil }
    }
}
