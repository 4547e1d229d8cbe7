import Foundation

/// Why a coupon gives nothing on a basket; checkout turns it into `coupon_not_applicable`.
public enum CouponInapplicability: Sendable, Equatable, CustomStringConvertible {
    case expired(at: Date)
    case noCoveredTickets
    case belowMinimumSpend(required: Int, covered: Int)

    public var description: String {
        switch self {
        case .expired: "the coupon has expired"
        case .noCoveredTickets: "the coupon does not cover any ticket in this order"
        case .belowMinimumSpend(let required, let covered):
            "the coupon needs \(required.grouped) KRW of covered tickets; this order has \(covered.grouped) KRW"
        }
    }
}

/// The rules every kind shares. Kinds only say how much comes off the tickets they are given;
/// which tickets, whether at all, and the "never more than the price" clamp are decided here.
extension Coupon {
    /// The tickets of `basket` this coupon's target covers.
    public func coveredLines(in basket: CouponBasket) -> [CouponLine] {
        basket.lines.filter(target.covers)
    }

    /// nil when the coupon applies to the basket at `now`. The minimum spend is measured on the
    /// covered tickets only: whoever funds the coupon only counts sales it actually discounts.
    public func inapplicability(to basket: CouponBasket, now: Date) -> CouponInapplicability? {
        if let expiresAt, !isUsable(at: now) { return .expired(at: expiresAt) }
        let covered = coveredLines(in: basket)
        if covered.isEmpty { return .noCoveredTickets }
        let coveredTotal = covered.totalPrice
        if coveredTotal < minSpend { return .belowMinimumSpend(required: minSpend, covered: coveredTotal) }
        return nil
    }

    /// The discount of a per-order coupon on the whole basket; 0 for a per-ticket coupon or when
    /// it does not apply. Never more than the covered tickets' total.
    public func orderDiscount(for basket: CouponBasket, now: Date) -> Int {
        guard !perTicket, inapplicability(to: basket, now: now) == nil else { return 0 }
        let covered = coveredLines(in: basket)
        return Self.clamp(kind.discount(on: covered), to: covered.totalPrice)
    }

    /// The discount of a per-ticket coupon on `line`, one of `basket`'s tickets; 0 for a
    /// per-order coupon, a ticket the target does not cover, or when the coupon does not apply to
    /// the basket. Never more than the ticket's price.
    public func ticketDiscount(for line: CouponLine, in basket: CouponBasket, now: Date) -> Int {
        guard perTicket, target.covers(line), inapplicability(to: basket, now: now) == nil else { return 0 }
        return Self.clamp(kind.discount(on: [line]), to: line.price)
    }

    private static func clamp(_ discount: Int, to price: Int) -> Int {
        max(0, min(discount, price))
    }
}
