import Foundation
import GRDB
import Testing
@testable import TicketingStorage
import TicketingDomain

@Suite("Settlement statements: periods, closing, refunds after close")
struct StatementLifecycleTests {
    static let order = TestOrder(id: "ord_a", sellerId: "usr_seller0", performanceId: "prf_1", seats: 2,
                                 subtotal: 120_000, sellerDiscount: 10_000, platformDiscount: 3_000)

    @Test func refundAfterCloseLandsInTheNextPeriodAndTheClosedStatementNeverChanges() async throws {
        let ledger = try await LedgerHarness.make(at: utc("2026-12-24T00:00:00Z"))
        defer { ledger.remove() }
        let seller = Self.order.sellerId
        try await ledger.deliver(try Self.order.event("OrderPaid", seq: 1, at: utc("2026-12-24T10:00:00Z")),
                                 at: utc("2026-12-24T10:00:01Z"))

        let closed = try await ledger.storage.closeSettlements(until: utc("2026-12-25T00:00:00Z"),
                                                               now: utc("2026-12-25T00:01:00Z"))
        let day1 = try #require(closed.first)
        #expect(closed.count == 1 && day1.status == .closed && day1.sellerId == seller)
        #expect(day1.period == SettlementPeriod(start: utc("2026-12-24T00:00:00Z"), end: utc("2026-12-25T00:00:00Z")))
        #expect(day1.figures == SettlementFigures(gross: 120_000, sellerCouponCost: 10_000, platformCouponCost: 3_000,
                                                  refunds: 0, platformFee: 11_000))
        #expect(day1.figures.payout == 99_000)

        try await ledger.deliver(try Self.order.event("OrderRefunded", seq: 2, at: utc("2026-12-25T09:00:00Z")),
                                 at: utc("2026-12-25T09:00:01Z"))
        let statements = try await ledger.storage.statements(sellerId: seller)
        #expect(statements.count == 2)
        let day2 = try #require(statements.first)
        #expect(day2.status == .open && day2.period.start == utc("2026-12-25T00:00:00Z"))
        #expect(day2.figures == SettlementFigures(refunds: 110_000, platformFee: -11_000))
        #expect(day2.figures.payout == -99_000)
        #expect(try await ledger.storage.statement(id: day1.id) == day1)
        #expect(try await ledger.storage.ledgerLines(statementId: day1.id).count == 6)
        #expect(try await ledger.storage.ledgerLines(statementId: day2.id).count == 5)
        let sales = try await ledger.storage.sales(performanceId: "prf_1")
        #expect(sales.ticketsSold == 0 && sales.figures.payout == 0 && sales.figures.gross == 120_000)
    }

    @Test func anEventDeliveredAfterItsPeriodClosedIsAnAdjustmentInTheOpenPeriod() async throws {
        let ledger = try await LedgerHarness.make(at: utc("2026-12-24T00:00:00Z"))
        defer { ledger.remove() }
        // Paid a second before midnight; the closer ran before the outbox delivered it.
        let paid = try Self.order.event("OrderPaid", seq: 1, at: utc("2026-12-24T23:59:59Z"))
        #expect(try await ledger.storage.closeSettlements(until: utc("2026-12-25T00:00:00Z"),
                                                          now: utc("2026-12-25T00:00:00Z")).isEmpty)
        try await ledger.deliver(paid, at: utc("2026-12-25T00:00:01Z"))
        let statements = try await ledger.storage.statements(sellerId: Self.order.sellerId)
        #expect(statements.map(\.period.start) == [utc("2026-12-25T00:00:00Z")])
        #expect(statements.first?.figures.gross == 120_000)
        // The line keeps its real time; only its statement is the next period's.
        let lines = try await ledger.storage.ledgerLines(statementId: try #require(statements.first).id)
        #expect(lines.allSatisfy { $0.occurredAt == utc("2026-12-24T23:59:59Z") })
    }

    @Test func replayedEventsBookNothing() async throws {
        let ledger = try await LedgerHarness.make(at: utc("2026-12-24T00:00:00Z"))
        defer { ledger.remove() }
        let paid = try Self.order.event("OrderPaid", seq: 1, at: utc("2026-12-24T10:00:00Z"))
        let refunded = try Self.order.event("OrderRefunded", seq: 2, at: utc("2026-12-24T11:00:00Z"))
        #expect(try await ledger.book(paid, at: utc("2026-12-24T10:00:00Z")))
        #expect(try await ledger.book(refunded, at: utc("2026-12-24T11:00:00Z")))
        let before = try await ledger.storage.statements(sellerId: nil)
        #expect(try await !ledger.book(paid, at: utc("2026-12-24T12:00:00Z")))
        #expect(try await !ledger.book(refunded, at: utc("2026-12-24T12:00:00Z")))
        // The same facts under another event id (a duplicate row) are refused by order and kind.
        var copy = paid
        copy.eventId = "OrderPaid:again"
        #expect(try await ledger.book(copy, at: utc("2026-12-24T12:00:00Z")))
        #expect(try await ledger.storage.statements(sellerId: nil) == before)
        #expect(try await ledger.storage.ledgerLines().count == 11)
        let failed = try Self.order.event("OrderFailed", seq: 3, at: utc("2026-12-24T12:00:00Z"))
        #expect(try await !ledger.book(failed, at: utc("2026-12-24T12:00:00Z")))
    }

    @Test func aRefundReversesTheFeeItsOrderWasChargedEvenAfterTheRateChanged() async throws {
        let ledger = try await LedgerHarness.make(at: utc("2026-12-24T00:00:00Z"))
        defer { ledger.remove() }
        let seller = Self.order.sellerId
        try await ledger.storage.setSellerFeeRate(sellerId: seller, rate: FeeRate(basisPoints: 333)!, at: utc("2026-12-24T00:00:00Z"))
        try await ledger.deliver(try Self.order.event("OrderPaid", seq: 1, at: utc("2026-12-24T10:00:00Z")),
                                 at: utc("2026-12-24T10:00:00Z"))
        try await ledger.storage.setSellerFeeRate(sellerId: seller, rate: FeeRate(basisPoints: 2_000)!, at: utc("2026-12-24T10:30:00Z"))
        try await ledger.deliver(try Self.order.event("OrderRefunded", seq: 2, at: utc("2026-12-24T11:00:00Z")),
                                 at: utc("2026-12-24T11:00:00Z"))
        let statement = try #require(try await ledger.storage.statements(sellerId: seller).first)
        // 3.33% of 110,000 = 3,663 exactly charged, exactly reversed.
        #expect(statement.figures == SettlementFigures(gross: 120_000, sellerCouponCost: 10_000, platformCouponCost: 3_000,
                                                       refunds: 110_000, platformFee: 0))
        #expect(try await ledger.storage.sellerFeeRate(sellerId: seller) == FeeRate(basisPoints: 2_000))
        let fees = try await ledger.storage.ledgerLines(statementId: statement.id)
            .filter { $0.account == "seller_platform_fee:\(seller)" }.map { $0.debit - $0.credit }
        #expect(fees == [3_663, -3_663])
    }

    @Test func onlyClosedStatementsArePaidAndTheDatabaseRefusesToAlterThem() async throws {
        let ledger = try await LedgerHarness.make(at: utc("2026-12-24T00:00:00Z"))
        defer { ledger.remove() }
        try await ledger.deliver(try Self.order.event("OrderPaid", seq: 1, at: utc("2026-12-24T10:00:00Z")),
                                 at: utc("2026-12-24T10:00:00Z"))
        let open = try #require(try await ledger.storage.statements(sellerId: nil).first)
        #expect(try await ledger.storage.markStatementPaid(id: open.id, at: utc("2026-12-24T11:00:00Z")) == nil)
        // A period still running is not closed, whatever `until` says.
        #expect(try await ledger.storage.closeSettlements(until: utc("2027-01-01T00:00:00Z"),
                                                          now: utc("2026-12-24T12:00:00Z")).isEmpty)
        _ = try await ledger.storage.closeSettlements(until: utc("2026-12-25T00:00:00Z"), now: utc("2026-12-26T00:00:00Z"))
        let paid = try #require(try await ledger.storage.markStatementPaid(id: open.id, at: utc("2026-12-26T01:00:00Z")))
        #expect(paid.status == .paid && paid.paidAt == utc("2026-12-26T01:00:00Z") && paid.figures == open.figures)
        #expect(try await ledger.storage.markStatementPaid(id: open.id, at: utc("2026-12-26T02:00:00Z")) == nil)
        await #expect(throws: DatabaseError.self) {
            try await ledger.storage.pool.write { db in
                try db.execute(sql: "UPDATE settlementStatement SET gross = gross + 1 WHERE id = ?", arguments: [open.id])
            }
        }
        await #expect(throws: DatabaseError.self) {
            try await ledger.storage.pool.write { db in
                try db.execute(sql: "UPDATE settlementStatement SET status = 'open' WHERE id = ?", arguments: [open.id])
            }
        }
        await #expect(throws: DatabaseError.self) {
            try await ledger.storage.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO ledgerEntry (transactionId, statementId, account, debit, credit, description)
                    VALUES ('OrderPaid:ord_a', ?, 'buyer_payments', 1, 0, 'forged')
                    """, arguments: [open.id])
            }
        }
        await #expect(throws: DatabaseError.self) {
            try await ledger.storage.pool.write { db in try db.execute(sql: "DELETE FROM ledgerEntry") }
        }
    }
}
