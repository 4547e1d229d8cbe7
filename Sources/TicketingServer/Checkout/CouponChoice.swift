import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// Turns a basket and the buyer's coupons into the applied discounts: the optimum of all issued
/// coupons, or exactly the named ones (each must apply, and they must stack).
enum CouponChoice {
    struct Choice {
        var applied: [AppliedCoupon]
        var discount: Int { applied.reduce(0) { $0 + $1.amount } }
    }

    static func choose(basket: CouponBasket, seatIds: [String], coupons: [UserCoupon], named: [String]?,
                       now: Date) throws -> Choice {
        let usable = coupons.filter { $0.status == .issued }
        var candidates = usable
        if let named {
            guard Set(named).count == named.count else {
                throw notApplicable("a coupon is listed twice")
            }
            let byId = Dictionary(uniqueKeysWithValues: coupons.map { ($0.id, $0) })
            candidates = []
            for id in named {
                guard let coupon = byId[id] else { throw notApplicable("coupon \(id) is not one of yours") }
                guard coupon.status == .issued else {
                    throw notApplicable("coupon \(id) is \(coupon.status.rawValue), not issued")
                }
                if let reason = coupon.coupon.inapplicability(to: basket, now: now) {
                    throw notApplicable("coupon \(id): \(reason)")
                }
                candidates.append(coupon)
            }
            if candidates.filter({ !$0.coupon.perTicket }).count > 1 {
                throw notApplicable("at most one per-order coupon per order")
            }
        }
        let perTicket = candidates.filter(\.coupon.perTicket).map { coupon in
            CouponSolver.TicketCoupon(id: coupon.id, discounts: basket.lines.map {
                coupon.coupon.ticketDiscount(for: $0, in: basket, now: now)
            })
        }
        let perOrder = candidates.filter { !$0.coupon.perTicket }.map {
            CouponSolver.OrderCoupon(id: $0.id, discount: $0.coupon.orderDiscount(for: basket, now: now))
        }
        let result = CouponSolver.solve(seatPrices: basket.lines.map(\.price), perTicket: perTicket, perOrder: perOrder)
        if let named {
            let used = Set(result.applied.map(\.couponId))
            if let idle = named.first(where: { !used.contains($0) }) {
                throw notApplicable("coupon \(idle) adds nothing on top of the others (one per-ticket coupon per seat)")
            }
        }
        let funding = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0.coupon.fundedBy.rawValue) })
        return Choice(applied: result.applied.map {
            AppliedCoupon(userCouponId: $0.couponId, seatId: $0.seatIndex.map { seatIds[$0] }, amount: $0.amount,
                          fundedBy: funding[$0.couponId] ?? "seller")
        })
    }

    private static func notApplicable(_ reason: String) -> APIFailure {
        .unprocessable(.couponNotApplicable, reason)
    }
}
