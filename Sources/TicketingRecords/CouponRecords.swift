import Foundation
import TicketingDomain

public struct CouponRecord: Sendable, Equatable {
    public var coupon: Coupon
    public var createdBy: String
    public var createdAt: Date
    /// Rows in the issuance log; `totalQuantity - issuedCount` is the durable remaining stock.
    public var issuedCount: Int

    public init(coupon: Coupon, createdBy: String, createdAt: Date, issuedCount: Int = 0) {
        self.coupon = coupon
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.issuedCount = issuedCount
    }
}

/// One entry of the append-only issuance log: a buyer won a coupon.
public struct CouponIssuance: Sendable, Equatable, Hashable {
    /// The `userCouponId`, minted when the claim is won so the buyer can be told at once.
    public var id: String
    public var couponId: String
    public var userId: String
    public var claimedAt: Date

    public init(id: String, couponId: String, userId: String, claimedAt: Date) {
        self.id = id
        self.couponId = couponId
        self.userId = userId
        self.claimedAt = claimedAt
    }
}

/// Why the batch transaction refused a log entry. The in-memory stock should make these
/// impossible; the database refuses them anyway as the second line of defence.
public enum IssuanceRejection: String, Sendable, Equatable {
    case duplicate
    case soldOut
    case unknownCoupon
    /// No such account (a token outliving its database): refused per entry, because a foreign
    /// key failure would otherwise abort, and forever retry, the whole batch.
    case unknownUser
}

/// What a coupon's in-memory stock is rebuilt from at start.
public struct CouponStockSnapshot: Sendable, Equatable {
    public var coupon: Coupon
    /// userId → userCouponId for every durable claim.
    public var claimants: [String: String]

    public init(coupon: Coupon, claimants: [String: String]) {
        self.coupon = coupon
        self.claimants = claimants
    }
}

public enum CouponUseError: Error, Equatable, Sendable {
    /// Not issued to this buyer (unknown id, someone else's, or not yet durable).
    case notIssued([String])
    case alreadyUsed([String])
}

extension Coupon {
    /// A coupon from the columns both backends keep it in: the kind by name with its parameters,
    /// the target as three nullable ids (the narrowest one set is the target), the funder by name.
    public init(storedId id: String, name: String, kind: String, parameters: CouponKindParameters,
                sellerId: String?, performanceId: String?, grade: String?, minSpend: Int, perTicket: Bool,
                totalQuantity: Int, claimOpensAt: Date?, expiresAt: Date?, fundedBy: String) throws {
        let target: CouponTarget
        if let performanceId, let grade {
            target = .grade(performanceId: performanceId, grade: grade)
        } else if let performanceId {
            target = .performance(performanceId)
        } else if let sellerId {
            target = .seller(sellerId)
        } else {
            target = .everything
        }
        guard let funding = CouponFunding(rawValue: fundedBy) else {
            throw StorageError.corrupt("coupon \(id) has an unknown fundedBy")
        }
        self.init(id: id, name: name, kind: try CouponKindRegistry.standard.make(kind, parameters), target: target,
                  minSpend: minSpend, perTicket: perTicket, totalQuantity: totalQuantity, claimOpensAt: claimOpensAt,
                  expiresAt: expiresAt, fundedBy: funding, sellerId: sellerId)
    }
}
