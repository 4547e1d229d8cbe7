import Foundation
@testable import TicketingServer
@testable import TicketingStorage
import TicketingDomain

/// A fresh store with some sellers and the real settlement consumer, fed hand-made outbox
/// events exactly as checkout writes them (same payload type, same encoding).
struct LedgerHarness {
    let storage: Storage
    let sellers: [String]
    let directory: URL

    static func make(sellers count: Int = 2, at now: Date) async throws -> LedgerHarness {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-settlement-\(UUID().uuidString)", isDirectory: true)
        let storage = try Storage(directory: directory)
        var sellers: [String] = []
        for index in 0..<count {
            let user = UserRecord(id: "usr_seller\(index)", email: "seller\(index)@example.com", name: "Seller \(index)",
                                  role: .seller, passwordHash: "-", createdAt: now)
            try await storage.createUser(user)
            sellers.append(user.id)
        }
        return LedgerHarness(storage: storage, sellers: sellers, directory: directory)
    }

    func consumer(at now: Date, defaultFeeRate: FeeRate = .default) -> SettlementConsumer {
        SettlementConsumer(storage: storage, defaultFeeRate: defaultFeeRate, clock: WallClock { now })
    }

    /// Delivers `event` as the relay does: through the consumer.
    func deliver(_ event: OutboxEvent, at now: Date, defaultFeeRate: FeeRate = .default) async throws {
        try await consumer(at: now, defaultFeeRate: defaultFeeRate).handle(event)
    }

    /// The consumer's own booking call: true when booked, false for a replay or another type.
    func book(_ event: OutboxEvent, at now: Date) async throws -> Bool {
        try await storage.postSettlement(event, consumer: consumer(at: now).name, defaultFeeRate: .default, at: now)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// An order as a test describes it; `event` renders it as checkout's outbox row.
struct TestOrder: Sendable {
    var id: String
    var sellerId: String
    var performanceId: String
    var seats: Int
    var subtotal: Int
    var sellerDiscount: Int
    var platformDiscount: Int

    var settlementOrder: SettlementOrder {
        SettlementOrder(orderId: id, sellerId: sellerId, performanceId: performanceId, ticketCount: seats,
                        subtotal: subtotal, sellerDiscount: sellerDiscount, platformDiscount: platformDiscount)
    }

    func event(_ type: String, seq: Int64, at: Date) throws -> OutboxEvent {
        // Discounts as checkout applies them: per-ticket and per-order coupons by funder.
        var applied: [AppliedCoupon] = []
        if sellerDiscount > 0 {
            let first = sellerDiscount / 2
            if first > 0 { applied.append(AppliedCoupon(userCouponId: "uc_\(id)_s1", seatId: "A-1", amount: first, fundedBy: "seller")) }
            applied.append(AppliedCoupon(userCouponId: "uc_\(id)_s2", seatId: nil, amount: sellerDiscount - first, fundedBy: "seller"))
        }
        if platformDiscount > 0 {
            applied.append(AppliedCoupon(userCouponId: "uc_\(id)_p", seatId: nil, amount: platformDiscount, fundedBy: "platform"))
        }
        let discount = sellerDiscount + platformDiscount
        let payload = OrderEventPayload(orderId: id, userId: "usr_buyer", sellerId: sellerId, performanceId: performanceId,
                                        seatIds: (0..<seats).map { "A-\($0 + 1)" }, subtotal: subtotal,
                                        discount: discount, total: subtotal - discount, applied: applied, occurredAt: at)
        return OutboxEvent(seq: seq, eventId: "\(type):\(id)", aggregateId: id, type: type,
                           payload: try BlobCoding.encode(payload), createdAt: at)
    }
}

func utc(_ text: String) -> Date {
    guard let date = try? Date(text, strategy: .iso8601) else { preconditionFailure("bad test time \(text)") }
    return date
}
