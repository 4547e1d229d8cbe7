import Foundation

/// Who pays for a coupon's discount: the seller's own promotion, or the platform's.
public enum CouponFunding: String, Codable, Sendable, CaseIterable {
    case seller
    case platform
}

/// Which tickets a coupon discounts.
public enum CouponTarget: Sendable, Hashable {
    /// Every ticket on the platform (platform-wide coupons made by an admin).
    case everything
    /// Every performance of one seller.
    case seller(String)
    case performance(String)
    /// One grade of one performance (grade names are only unique within a performance).
    case grade(performanceId: String, grade: String)

    public func covers(_ line: CouponLine) -> Bool {
        switch self {
        case .everything: true
        case .seller(let sellerId): line.sellerId == sellerId
        case .performance(let performanceId): line.performanceId == performanceId
        case .grade(let performanceId, let grade): line.performanceId == performanceId && line.grade == grade
        }
    }

    public var performanceId: String? {
        switch self {
        case .performance(let id), .grade(let id, _): id
        case .everything, .seller: nil
        }
    }

    public var grade: String? {
        if case .grade(_, let grade) = self { return grade }
        return nil
    }
}

/// A coupon as issued: its kind, the shared terms every kind obeys, and who funds it.
public struct Coupon: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: any CouponKind
    public var target: CouponTarget
    /// KRW of covered tickets the order must reach; 0 = no minimum.
    public var minSpend: Int
    /// Per ticket: discounts one ticket. Per order: discounts the covered tickets of the order together.
    public var perTicket: Bool
    public var totalQuantity: Int
    /// Claims are refused before this instant (nil = from creation).
    public var claimOpensAt: Date?
    /// Claims and use are refused from this instant on (nil = never expires).
    public var expiresAt: Date?
    public var fundedBy: CouponFunding
    /// The seller whose sales the coupon discounts; nil for platform-wide coupons.
    public var sellerId: String?

    public init(id: String, name: String, kind: any CouponKind, target: CouponTarget, minSpend: Int = 0,
                perTicket: Bool, totalQuantity: Int, claimOpensAt: Date? = nil, expiresAt: Date? = nil,
                fundedBy: CouponFunding, sellerId: String?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.target = target
        self.minSpend = minSpend
        self.perTicket = perTicket
        self.totalQuantity = totalQuantity
        self.claimOpensAt = claimOpensAt
        self.expiresAt = expiresAt
        self.fundedBy = fundedBy
        self.sellerId = sellerId
    }

    public static func == (lhs: Coupon, rhs: Coupon) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.kind.name == rhs.kind.name
            && lhs.kind.parameters == rhs.kind.parameters && lhs.target == rhs.target
            && lhs.minSpend == rhs.minSpend && lhs.perTicket == rhs.perTicket
            && lhs.totalQuantity == rhs.totalQuantity && lhs.claimOpensAt == rhs.claimOpensAt
            && lhs.expiresAt == rhs.expiresAt && lhs.fundedBy == rhs.fundedBy && lhs.sellerId == rhs.sellerId
    }
}

/// Whether a coupon can be claimed at some instant.
public enum ClaimWindow: Sendable, Equatable {
    case open
    case notOpenYet(opensAt: Date)
    case expired(at: Date)

    /// What a claim outside the window is refused with; nil while it is open. A buyer who
    /// already won is told that first, whatever the window (`CouponStockState.claim`).
    public var refusal: CouponClaimDecision? {
        switch self {
        case .open: nil
        case .notOpenYet(let opensAt): .notOpenYet(opensAt: opensAt)
        case .expired(let at): .expired(at: at)
        }
    }
}

extension Coupon {
    public func claimWindow(at now: Date) -> ClaimWindow {
        if let expiresAt, now >= expiresAt { return .expired(at: expiresAt) }
        if let claimOpensAt, now < claimOpensAt { return .notOpenYet(opensAt: claimOpensAt) }
        return .open
    }

    /// An issued coupon can be used until it expires.
    public func isUsable(at now: Date) -> Bool {
        expiresAt.map { now < $0 } ?? true
    }
}
