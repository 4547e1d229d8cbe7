import Foundation
import TicketingDomain

/// The body of `POST /v1/coupons`. Kind parameters sit flat beside the shared terms, as docs/API.md has it.
public struct CreateCouponRequest: Codable, Sendable {
    public var name: String
    /// `"fixed"` or `"percentage"` (the kinds in `CouponKindRegistry.standard`).
    public var kind: String
    public var amount: Int?
    public var percent: Int?
    public var maxDiscount: Int?
    public var minSpend: Int?
    /// Absent = every performance of the creating seller (platform-wide when an admin creates it).
    public var performanceId: String?
    public var grade: String?
    /// Default false (one discount on the order's covered tickets).
    public var perTicket: Bool?
    public var totalQuantity: Int
    public var claimOpensAt: Date?
    public var expiresAt: Date?

    public init(name: String, kind: String, amount: Int? = nil, percent: Int? = nil, maxDiscount: Int? = nil,
                minSpend: Int? = nil, performanceId: String? = nil, grade: String? = nil, perTicket: Bool? = nil,
                totalQuantity: Int, claimOpensAt: Date? = nil, expiresAt: Date? = nil) {
        self.name = name
        self.kind = kind
        self.amount = amount
        self.percent = percent
        self.maxDiscount = maxDiscount
        self.minSpend = minSpend
        self.performanceId = performanceId
        self.grade = grade
        self.perTicket = perTicket
        self.totalQuantity = totalQuantity
        self.claimOpensAt = claimOpensAt
        self.expiresAt = expiresAt
    }

    public func spec() -> CouponSpec {
        CouponSpec(name: name, kind: kind,
                   parameters: CouponKindParameters(amount: amount, percent: percent, maxDiscount: maxDiscount),
                   minSpend: minSpend, performanceId: performanceId, grade: grade, perTicket: perTicket ?? false,
                   totalQuantity: totalQuantity, claimOpensAt: claimOpensAt, expiresAt: expiresAt)
    }
}

public struct CouponDTO: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: String
    public var amount: Int?
    public var percent: Int?
    public var maxDiscount: Int?
    public var minSpend: Int?
    public var performanceId: String?
    public var grade: String?
    public var perTicket: Bool
    public var totalQuantity: Int
    public var claimOpensAt: Date?
    public var expiresAt: Date?
    public var fundedBy: CouponFunding
    /// Absent for a platform-wide coupon.
    public var sellerId: String?
    /// Live: falls the moment a claim is won, before it is durable.
    public var remaining: Int

    public init(coupon: Coupon, remaining: Int) {
        let terms = CouponTerms(coupon)
        self.id = coupon.id
        self.name = coupon.name
        self.kind = terms.kind
        self.amount = terms.amount
        self.percent = terms.percent
        self.maxDiscount = terms.maxDiscount
        self.minSpend = terms.minSpend
        self.performanceId = terms.performanceId
        self.grade = terms.grade
        self.perTicket = coupon.perTicket
        self.totalQuantity = coupon.totalQuantity
        self.claimOpensAt = coupon.claimOpensAt
        self.expiresAt = coupon.expiresAt
        self.fundedBy = coupon.fundedBy
        self.sellerId = coupon.sellerId
        self.remaining = remaining
    }
}

public struct CouponList: Codable, Sendable {
    public var coupons: [CouponDTO]
    public init(coupons: [CouponDTO]) { self.coupons = coupons }
}

/// `202` to `POST /v1/coupons/{id}/claim`: the claim is won; `pending` becomes `issued` once its
/// batch of the issuance log commits (`GET /v1/me/coupons` shows it).
public struct ClaimCouponResponse: Codable, Sendable, Equatable {
    public var userCouponId: String
    public var status: UserCouponStatus

    public init(userCouponId: String, status: UserCouponStatus) {
        self.userCouponId = userCouponId
        self.status = status
    }
}

public struct UserCouponDTO: Codable, Sendable, Equatable {
    public var userCouponId: String
    public var couponId: String
    public var status: UserCouponStatus
    public var name: String
    public var kind: String
    public var amount: Int?
    public var percent: Int?
    public var maxDiscount: Int?
    public var minSpend: Int?
    public var performanceId: String?
    public var grade: String?
    public var perTicket: Bool
    public var expiresAt: Date?

    public init(_ userCoupon: UserCoupon) {
        let coupon = userCoupon.coupon
        let terms = CouponTerms(coupon)
        self.userCouponId = userCoupon.id
        self.couponId = coupon.id
        self.status = userCoupon.status
        self.name = coupon.name
        self.kind = terms.kind
        self.amount = terms.amount
        self.percent = terms.percent
        self.maxDiscount = terms.maxDiscount
        self.minSpend = terms.minSpend
        self.performanceId = terms.performanceId
        self.grade = terms.grade
        self.perTicket = coupon.perTicket
        self.expiresAt = coupon.expiresAt
    }
}

public struct UserCouponList: Codable, Sendable {
    public var coupons: [UserCouponDTO]
    public init(coupons: [UserCouponDTO]) { self.coupons = coupons }
}

/// A coupon's terms as both coupon DTOs spell them, so the two can never drift apart.
private struct CouponTerms {
    var kind: String
    var amount: Int?
    var percent: Int?
    var maxDiscount: Int?
    /// Absent rather than 0 when there is no minimum.
    var minSpend: Int?
    var performanceId: String?
    var grade: String?

    init(_ coupon: Coupon) {
        let parameters = coupon.kind.parameters
        kind = coupon.kind.name
        amount = parameters.amount
        percent = parameters.percent
        maxDiscount = parameters.maxDiscount
        minSpend = coupon.minSpend == 0 ? nil : coupon.minSpend
        performanceId = coupon.target.performanceId
        grade = coupon.target.grade
    }
}
