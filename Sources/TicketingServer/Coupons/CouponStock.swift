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

/// Creates each coupon's stock once, lazily, and hands out the same actor afterwards. It holds
/// no claim state itself, so the hot path pays one dictionary lookup here and nothing else.
actor CouponStocks {
    private let storage: Storage
    private let log: IssuanceLog
    private var ready: [String: CouponStock] = [:]
    /// Loads in progress, so concurrent first claims share one load and one actor.
    private var loading: [String: Task<CouponStock?, any Error>] = [:]

    init(storage: Storage, log: IssuanceLog) {
        self.storage = storage
        self.log = log
    }

    /// The stock of `couponId`, rebuilt from the issuance log on first use; nil for an unknown
    /// coupon (not remembered, so random ids cannot grow this dictionary).
    func stock(_ couponId: String) async throws -> CouponStock? {
        if let stock = ready[couponId] { return stock }
        if let load = loading[couponId] { return try await load.value }
        let load = Task { [storage, log] () async throws -> CouponStock? in
            guard let snapshot = try await storage.couponStock(couponId: couponId) else { return nil }
            return CouponStock(state: CouponStockState(coupon: snapshot.coupon, claimants: snapshot.claimants), log: log)
        }
        loading[couponId] = load
        defer { loading[couponId] = nil }
        let stock = try await load.value
        if let stock { ready[couponId] = stock }
        return stock
    }

    /// A coupon created by this process starts empty; no need to read the log.
    func register(_ coupon: Coupon) {
        ready[coupon.id] = CouponStock(state: CouponStockState(coupon: coupon), log: log)
    }

    /// The stock if it is already in memory; listing coupons must not load every claimant set.
    func loaded(_ couponId: String) -> CouponStock? { ready[couponId] }
}
