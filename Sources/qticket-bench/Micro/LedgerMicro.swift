import Foundation
import TicketingDomain
import TicketingStorage

/// Settlement's double-entry posting: building a balanced paid/refund transaction in process
/// (`OrderPosting`), and booking outbox events through storage (`Storage.postSettlement`: de-dup
/// marker, ledger rows and statement totals in one SQLite transaction), as the consumer does.
struct LedgerMicro {
    struct Figures {
        var paidNs: Double
        var refundNs: Double
        var storedPaidMicros: Double
        var storedRefundMicros: Double
        var orders: Int
        var unbalanced: Int
    }

    let repeats: Int
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A 1–4 seat order, some with seller- and platform-funded discounts.
    func order(_ i: Int, sellers: [String]) -> SettlementOrder {
        let seats = 1 + i % 4
        let subtotal = seats * [99_000, 132_000, 165_000][i % 3]
        return SettlementOrder(orderId: "ord_bench\(i)", sellerId: sellers[i % sellers.count],
                               performanceId: "prf_bench\(i % 7)", ticketCount: seats, subtotal: subtotal,
                               sellerDiscount: i % 3 == 0 ? 5_000 : 0, platformDiscount: i % 5 == 0 ? 3_000 : 0)
    }

    func measure(storedOrders: Int) async throws -> Figures {
        let sellers = (0..<4).map { "usr_seller\($0)" }
        let orders = (0..<10_000).map { order($0, sellers: sellers) }
        var paid = Double.infinity, refund = Double.infinity
        var lines = 0
        for _ in 0..<repeats {
            let p = timed { for o in orders { lines &+= (try? OrderPosting.paid(o, feeRate: .default, at: t0))?.entries.count ?? 0 } }
            paid = min(paid, p.nanoseconds / Double(orders.count))
            let r = timed {
                for o in orders { lines &+= (try? OrderPosting.refunded(o, feeCharged: 1_000, at: t0))?.entries.count ?? 0 }
            }
            refund = min(refund, r.nanoseconds / Double(orders.count))
        }
        precondition(lines > 0)
        let stored = try await throughStorage(orders: Array(orders.prefix(storedOrders)), sellers: sellers)
        return Figures(paidNs: paid, refundNs: refund, storedPaidMicros: stored.paid, storedRefundMicros: stored.refund,
                       orders: storedOrders, unbalanced: stored.unbalanced)
    }

    /// Books every order's OrderPaid, then every OrderRefunded, one storage call each (as the
    /// consumer does), in a fresh database; µs per event, wall clock.
    private func throughStorage(orders: [SettlementOrder], sellers: [String]) async throws
        -> (paid: Double, refund: Double, unbalanced: Int) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-ledger-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try Storage(directory: directory)
        for seller in sellers {
            try await storage.createUser(UserRecord(id: seller, email: "\(seller)@example.com", name: seller, role: .seller,
                                                    passwordHash: "-", createdAt: t0))
        }
        func event(_ type: String, _ o: SettlementOrder, _ seq: Int) throws -> OutboxEvent {
            var applied: [AppliedCoupon] = []
            if o.sellerDiscount > 0 {
                applied.append(AppliedCoupon(userCouponId: "uc_s\(seq)", seatId: nil, amount: o.sellerDiscount, fundedBy: "seller"))
            }
            if o.platformDiscount > 0 {
                applied.append(AppliedCoupon(userCouponId: "uc_p\(seq)", seatId: nil, amount: o.platformDiscount, fundedBy: "platform"))
            }
            let payload = OrderEventPayload(orderId: o.orderId, userId: "usr_buyer", sellerId: o.sellerId,
                                            performanceId: o.performanceId,
                                            seatIds: (0..<o.ticketCount).map { "A-\($0 + 1)" }, subtotal: o.subtotal,
                                            discount: o.sellerDiscount + o.platformDiscount, total: o.total,
                                            applied: applied, occurredAt: t0)
            return try OutboxEvent.order(type, payload: payload, seq: Int64(seq))
        }
        let paidEvents = try orders.enumerated().map { try event("OrderPaid", $1, $0) }
        let refundEvents = try orders.enumerated().map { try event("OrderRefunded", $1, orders.count + $0) }
        let now = t0.addingTimeInterval(60)
        var booked = 0
        let started = ContinuousClock.now
        for e in paidEvents where try await storage.postSettlement(e, consumer: "bench", defaultFeeRate: .default, at: now) {
            booked += 1
        }
        let middle = ContinuousClock.now
        for e in refundEvents where try await storage.postSettlement(e, consumer: "bench", defaultFeeRate: .default, at: now) {
            booked += 1
        }
        let ended = ContinuousClock.now
        precondition(booked == orders.count * 2, "booked \(booked) of \(orders.count * 2) events")
        let unbalanced = try await storage.unbalancedLedgerTransactions().count
        return ((middle - started).nanoseconds / 1_000 / Double(orders.count),
                (ended - middle).nanoseconds / 1_000 / Double(orders.count), unbalanced)
    }
}
