import Foundation
import TicketingDomain
import TicketingStorage

/// The one owner of a coupon's stock. A claim is decided in memory and handed to the issuance
/// log; no database round trip sits on the hot path.
actor CouponStock {
    nonisolated let coupon: Coupon
    private var state: CouponStockState
    private let log: IssuanceLog

    init(state: CouponStockState, log: IssuanceLog) {
        self.coupon = state.coupon
        self.state = state
        self.log = log
    }

    var remaining: Int { state.remaining }

    func claimant(_ userId: String) -> String? { state.claimants[userId] }

    /// The decision is complete before the `await`, so claims that run while this one hands its
    /// entry to the log already see it: the actor's reentrancy cannot double-issue.
    func claim(userId: String, now: Date) async -> CouponClaimDecision {
        let decision = state.claim(userId: userId, now: now) { IDs.make("ucp") }
        if case .won(let id) = decision {
            await log.append(CouponIssuance(id: id, couponId: coupon.id, userId: userId, claimedAt: now))
        }
        return decision
    }
}
