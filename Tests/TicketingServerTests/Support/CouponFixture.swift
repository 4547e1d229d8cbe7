import Foundation
import GRDB
import Logging
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

/// A fresh database holding a seller, `buyerCount` buyers and one fixed coupon, with a
/// `CouponService` over it wired as the server wires it.
struct CouponFixture {
    let directory: URL
    let storage: Storage
    let service: CouponService
    let coupon: Coupon
    let buyers: [String]

    static let sellerId = "usr_seller"

    static func make(stock: Int, buyerCount: Int, clock: WallClock = .system,
                     ackWait: Duration = .zero) async throws -> CouponFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-coupons-\(UUID().uuidString)", isDirectory: true)
        let storage = try Storage(directory: directory)
        let buyers = (0..<buyerCount).map { String(format: "usr_buyer%05d", $0) }
        // One transaction: thousands of single-row signups would dominate the test's run time.
        try await storage.pool.write { db in
            for (id, role) in [(sellerId, Role.seller)] + buyers.map({ ($0, Role.buyer) }) {
                try UserRecord(id: id, email: "\(id)@example.com", name: id, role: role, passwordHash: "-",
                               createdAt: Date()).insert(db)
            }
        }
        let coupon = Coupon(id: "cpn_rush", name: "First \(stock)", kind: try FixedAmountCoupon(CouponKindParameters(amount: 5_000)),
                            target: .seller(sellerId), perTicket: false, totalQuantity: stock,
                            fundedBy: .seller, sellerId: sellerId)
        let service = CouponService(storage: storage, logger: .quiet, clock: clock, ackWait: ackWait)
        try await service.create(CouponRecord(coupon: coupon, createdBy: sellerId, createdAt: Date()))
        return CouponFixture(directory: directory, storage: storage, service: service, coupon: coupon, buyers: buyers)
    }

    /// A second service over the same database, as a restarted server would build it.
    func restarted() throws -> CouponService {
        CouponService(storage: try Storage(directory: directory), logger: .quiet, clock: .system)
    }

    func claim(_ buyer: String) async throws -> CouponService.ClaimResult {
        try await service.claim(couponId: coupon.id, userId: buyer)
    }
}

extension Logger {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
}
