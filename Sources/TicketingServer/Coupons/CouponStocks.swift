import Foundation
import TicketingDomain
import TicketingStorage

/// Creates each coupon's stock once, lazily, and hands out the same actor afterwards. It holds
/// no claim state itself, so the hot path pays one dictionary lookup here and nothing else.
actor CouponStocks {
    private let storage: any DurableRecords
    private let log: IssuanceLog
    private var ready: [String: CouponStock] = [:]
    /// Loads in progress, so concurrent first claims share one load and one actor.
    private var loading: [String: Task<CouponStock?, any Error>] = [:]

    init(storage: any DurableRecords, log: IssuanceLog) {
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
