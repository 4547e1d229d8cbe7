import Foundation
import TicketingDomain

/// The claim decision without HTTP or the issuance log: `CouponStockState.claim` called directly,
/// and through an actor (one hop per claim, as `CouponStock` does on the server).
enum ClaimsInProcess {
    actor Stock {
        private var state: CouponStockState
        private var minted = 0
        init(_ state: CouponStockState) { self.state = state }
        func claim(_ userId: String, now: Date) -> Bool {
            if case .won = state.claim(userId: userId, now: now, mintId: { minted += 1; return "ucp_\(minted)" }) {
                return true
            }
            return false
        }
    }

    static func coupon(stock: Int) -> Coupon {
        // swiftlint:disable:next force_try
        let kind = try! FixedAmountCoupon(CouponKindParameters(amount: 1_000))
        return Coupon(id: "cpn_bench", name: "Bench", kind: kind, target: .performance("prf_bench"), perTicket: false,
                      totalQuantity: stock, fundedBy: .seller, sellerId: "usr_seller")
    }

    static func measure(claims: Int = 200_000) async -> Table {
        let users = (0..<claims).map { BenchIDs.user($0) }
        let now = Date()
        var table = Table("Coupon claim decision in-process (\(Format.int(claims)) distinct buyers, best of 3)",
                          columns: ["path", "claims/s", "ns per claim"])
        var direct = Duration.seconds(1_000)
        for _ in 0..<3 {
            var state = CouponStockState(coupon: coupon(stock: claims))
            var minted = 0
            direct = min(direct, timed {
                for user in users {
                    _ = state.claim(userId: user, now: now) { minted += 1; return "ucp_\(minted)" }
                }
            })
        }
        table.add(["CouponStockState.claim (struct, no actor)", Format.number(Double(claims) / direct.seconds),
                   Format.number(direct.nanoseconds / Double(claims))])
        let hop = await bestActorRun(users: users, now: now)
        table.add(["through an actor (one await per claim)", Format.number(Double(claims) / hop.seconds),
                   Format.number(hop.nanoseconds / Double(claims))])
        return table
    }

    private static func bestActorRun(users: [String], now: Date) async -> Duration {
        var best = Duration.seconds(1_000)
        for _ in 0..<3 {
            let stock = Stock(CouponStockState(coupon: coupon(stock: users.count)))
            let start = ContinuousClock.now
            for user in users { _ = await stock.claim(user, now: now) }
            best = min(best, ContinuousClock.now - start)
        }
        return best
    }
}
