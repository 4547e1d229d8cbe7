import Foundation
import TicketingDomain
import TicketingServer
import TicketingStorage

/// A seller, `buyerCount` buyers and one fixed coupon of `stock`, written through the ports.
struct CouponRace {
    let under: BackendUnderTest
    let coupon: Coupon
    let record: CouponRecord
    let buyers: [String]

    static func make(_ under: BackendUnderTest, stock: Int, buyerCount: Int) async throws -> CouponRace {
        let sellerId = "usr_seller"
        let buyers = (0..<buyerCount).map { String(format: "usr_buyer%05d", $0) }
        try await under.records.createUsers([user(sellerId, .seller)]
                                            + buyers.map { user($0, .buyer) })
        // A fresh id per race: a shared Redis keeps every earlier run's stock.
        let coupon = Coupon(id: "cpn_rush_\(UUID().uuidString.prefix(8))", name: "First \(stock)",
                            kind: try FixedAmountCoupon(CouponKindParameters(amount: 5_000)),
                            target: .seller(sellerId), perTicket: false, totalQuantity: stock,
                            fundedBy: .seller, sellerId: sellerId)
        let record = CouponRecord(coupon: coupon, createdBy: sellerId, createdAt: Date())
        try await under.coupons.create(record)
        return CouponRace(under: under, coupon: coupon, record: record, buyers: buyers)
    }

    private static func user(_ id: String, _ role: Role) -> UserRecord {
        UserRecord(id: id, email: "\(id)@example.com", name: id, role: role, passwordHash: "-", createdAt: Date())
    }

    func claim(_ buyer: String) async throws -> CouponClaimResult {
        try await under.coupons.claim(couponId: coupon.id, userId: buyer)
    }
}

extension CouponClaimResult {
    var audited: CouponClaimAudit.Outcome {
        switch self {
        case .accepted(let id, _): .won(userCouponId: id)
        case .refused(.alreadyClaimed): .alreadyClaimed
        case .refused(.soldOut): .soldOut
        default: .unexpected("\(self)")
        }
    }
}
