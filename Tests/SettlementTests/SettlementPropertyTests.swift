import TestSupport
import Foundation
import Testing
@testable import TicketingStorage
import TicketingDomain

/// Random payments (with seller- and platform-funded coupons), refunds, fee changes, closes,
/// late deliveries and replays through the real consumer and store, checked against
/// `SettlementModel`.
@Suite("Settlement ledger, property")
struct SettlementPropertyTests {
    @Test(arguments: SettlementSeeds.list(12, salt: 11))
    func statementsMatchAnIndependentRecomputationAndReplaysChangeNothing(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        var now = utc("2026-12-24T00:00:00Z")
        let ledger = try await LedgerHarness.make(sellers: 3, at: now)
        defer { ledger.remove() }
        let periodSeconds = [3_600, 5_400, 86_400].randomElement(using: &random)!
        try await ledger.storage.setSettlementCalendar(try #require(SettlementCalendar(periodSeconds: periodSeconds)))
        var model = SettlementModel(periodSeconds: periodSeconds)
        var pending: [(event: OutboxEvent, order: TestOrder)] = []
        var delivered: [OutboxEvent] = []
        var refundable: [TestOrder] = []
        var seq: Int64 = 0

        func deliver(_ count: Int) async throws {
            for _ in 0..<min(count, pending.count) {
                let (event, order) = pending.removeFirst()
                try await ledger.deliver(event, at: now)
                if event.type == "OrderPaid" { model.deliverPaid(order, at: event.createdAt) }
                else { model.deliverRefund(order, at: event.createdAt) }
                delivered.append(event)
                // At least once: now and then the relay hands over an old event again.
                if random.chance(0.2), let old = delivered.randomElement(using: &random) {
                    try await ledger.deliver(old, at: now)
                }
            }
        }

        for step in 0..<150 {
            now = now.addingTimeInterval(TimeInterval(Int.random(in: 0...(periodSeconds * 3 / 4), using: &random)))
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<40:
                let seller = ledger.sellers.randomElement(using: &random)!
                let seats = Int.random(in: 1...4, using: &random)
                let subtotal = (0..<seats).reduce(0) { sum, _ in sum + Int.random(in: 10...200, using: &random) * 1_000 }
                let sellerDiscount = random.chance(0.4) ? Int.random(in: 1...subtotal, using: &random) : 0
                let platformDiscount = random.chance(0.4) && subtotal > sellerDiscount
                    ? Int.random(in: 1...(subtotal - sellerDiscount), using: &random) : 0
                let order = TestOrder(id: "ord_\(step)", sellerId: seller,
                                      performanceId: "prf_\(seller)_\(Int.random(in: 0...1, using: &random))",
                                      seats: seats, subtotal: subtotal, sellerDiscount: sellerDiscount,
                                      platformDiscount: platformDiscount)
                seq += 1
                pending.append((try order.event("OrderPaid", seq: seq, at: now), order))
                refundable.append(order)
            case 40..<60 where !refundable.isEmpty:
                let order = refundable.remove(at: Int.random(in: 0..<refundable.count, using: &random))
                seq += 1
                pending.append((try order.event("OrderRefunded", seq: seq, at: now), order))
            case 60..<75:
                try await deliver(Int.random(in: 1...3, using: &random))
            case 75..<88:
                let until = now.addingTimeInterval(TimeInterval(Int.random(in: -2 * periodSeconds...periodSeconds, using: &random)))
                let closed = try await ledger.storage.closeSettlements(until: until, now: now)
                let expected = model.close(until: until, now: now)
                #expect(Set(closed.map { SettlementModel.Key(sellerId: $0.sellerId, start: $0.period.start) }) == expected,
                        "seed \(seed) step \(step)")
            case 88..<93:
                let seller = ledger.sellers.randomElement(using: &random)!
                let bps = Int.random(in: 0...3_000, using: &random)
                try await ledger.storage.setSellerFeeRate(sellerId: seller, rate: FeeRate(basisPoints: bps)!, at: now)
                model.rates[seller] = bps
            default:
                try await deliver(pending.count)
            }
        }
        try await deliver(pending.count)
        try await verify(ledger, against: model, seed: seed)

        // Every event delivered again, in order: nothing may move.
        let lines = try await ledger.storage.ledgerLines()
        let statements = try await ledger.storage.statements(sellerId: nil)
        for event in delivered {
            #expect(try await !ledger.book(event, at: now), "seed \(seed): \(event.eventId) booked twice")
        }
        #expect(try await ledger.storage.ledgerLines() == lines, "seed \(seed)")
        #expect(try await ledger.storage.statements(sellerId: nil) == statements, "seed \(seed)")
    }

    private func verify(_ ledger: LedgerHarness, against model: SettlementModel, seed: UInt64) async throws {
        let storage = ledger.storage
        let statements = try await storage.statements(sellerId: nil)
        var seen: [SettlementModel.Key: StatementRecord] = [:]
        for statement in statements {
            seen[SettlementModel.Key(sellerId: statement.sellerId, start: statement.period.start)] = statement
        }
        #expect(Set(seen.keys) == Set(model.statements.keys), "seed \(seed)")
        for (key, expected) in model.statements {
            guard let actual = seen[key] else { continue }
            #expect(actual.figures == expected.figures, "seed \(seed) \(key)")
            #expect(actual.period.end == expected.end && (actual.status == .closed) == expected.closed, "seed \(seed) \(key)")
            #expect(actual.figures.payout == actual.figures.gross - actual.figures.sellerCouponCost
                    - actual.figures.platformFee - actual.figures.refunds)
            if let snapshot = model.snapshots[key] { #expect(actual.figures == snapshot, "closed \(key) changed, seed \(seed)") }
            // The running totals are exactly the statement's own ledger lines.
            let entries = try await storage.ledgerLines(statementId: actual.id).map { line in
                LedgerEntry(account: LedgerAccount(code: line.account)!, debit: line.debit, credit: line.credit,
                            description: line.description)
            }
            #expect(SettlementFigures(sellerId: key.sellerId, entries: entries) == actual.figures, "seed \(seed) \(key)")
        }
        let all = try await storage.ledgerLines()
        let sums = Dictionary(grouping: all, by: \.transactionId).mapValues { $0.reduce(0) { $0 + $1.debit - $1.credit } }
        #expect(sums.values.allSatisfy { $0 == 0 } && !sums.isEmpty, "seed \(seed)")
        #expect(try await storage.unbalancedLedgerTransactions().isEmpty)
        for (performanceId, figures) in model.sales {
            let sales = try await storage.sales(performanceId: performanceId)
            #expect(sales.figures == figures && sales.ticketsSold == model.tickets[performanceId], "seed \(seed) \(performanceId)")
        }
        let platform = try await storage.platformTotals()
        let owed = model.statements.values.reduce(0) { $0 + $1.figures.payout }
        #expect(platform.sellerPayouts == owed, "seed \(seed)")
        #expect(platform.buyerPayments + platform.platformCouponCost - platform.platformCouponRecovered
                == platform.platformFeeIncome + platform.sellerPayouts, "seed \(seed)")
    }
}
