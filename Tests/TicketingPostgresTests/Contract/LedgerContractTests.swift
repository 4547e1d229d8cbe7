import Foundation
import Testing
import TicketingDomain
import TicketingRecords

/// Ledger and settlement ports: the same sequence of paid, failed and refunded orders, relayed
/// through the outbox into settlement, closed and paid out, read back with the same assertions
/// on SQLite and PostgreSQL, and then compared between the two.
@Suite("Ledger and settlement records: the same books on SQLite and PostgreSQL",
       .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct LedgerContractTests {
    static let day0 = Orders.day0
    static let day1 = Orders.day0.addingTimeInterval(86_400)
    static let sellerRate = FeeRate(basisPoints: 1_000)!
    static let defaultRate = FeeRate(basisPoints: 500)!

    /// Everything the read side says at the end of the scenario.
    struct Books: Equatable {
        var lines: [LedgerLineRecord]
        var statements: [StatementRecord]
        var sellerStatements: [StatementRecord]
        var nextPeriodLines: [LedgerLineRecord]
        var totals: PlatformTotals
        var salesP1: SalesRecord
        var salesP2: SalesRecord
        var pulse: SalesPulseRecord
        var closed: [StatementRecord]
        var paid: StatementRecord?
        var replays: [Bool]
        var unbalanced: [String]
        var state: SettlementState
        var outbox: [Int]
    }

    static let o1 = Orders.make("ord_1", seller: "usr_s1", performance: "prf_1", seats: ["A-1", "A-2"],
                                applied: [AppliedCoupon(userCouponId: "uc_1", seatId: nil, amount: 10_000, fundedBy: "seller")],
                                at: day0)
    static let o2 = Orders.make("ord_2", seller: "usr_s1", performance: "prf_1", seats: ["A-3"],
                                applied: [AppliedCoupon(userCouponId: "uc_2", seatId: "A-3", amount: 5_000, fundedBy: "platform")],
                                at: day0)
    static let o3 = Orders.make("ord_3", seller: "usr_s2", performance: "prf_2", seats: ["B-1", "B-2", "B-3"], at: day0)
    static let o4 = Orders.make("ord_4", seller: "usr_s1", performance: "prf_1", seats: ["A-4"], at: day0)
    static let o5 = Orders.make("ord_5", seller: "usr_s1", performance: "prf_1", seats: ["A-5"], at: day0)

    /// Paid o1, o2 (refunded after its period closed), o3 (another seller, default rate),
    /// o4 declined, o5 paid and refunded in the same period; a close, a replay of every event,
    /// a payout.
    static func scenario(_ fixture: RecordFixture) async throws -> Books {
        let records = fixture.records
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 100, couponsIssued: 40)
        try await fixture.seed(sellerId: "usr_s2", performanceId: "prf_2", couponQuantity: 10, couponsIssued: 0)
        try await records.setSellerFeeRate(sellerId: "usr_s1", rate: sellerRate, at: day0)
        for order in [o1, o2, o3, o4, o5] { try await fixture.placeOrder(order) }
        #expect(try await fixture.move(o4.id, .payRequested, at: day0.addingTimeInterval(100)))
        #expect(try await fixture.move(o4.id, .gatewayDeclined, at: day0.addingTimeInterval(110)))
        for (order, at) in [(o1, 3_600.0), (o2, 7_200), (o3, 10_800), (o5, 20_000)] {
            #expect(try await fixture.move(order.id, .payRequested, at: day0.addingTimeInterval(at - 10)))
            #expect(try await fixture.move(order.id, .gatewayConfirmed, at: day0.addingTimeInterval(at)))
        }
        #expect(try await fixture.move(o5.id, .refundRequested, at: day0.addingTimeInterval(29_000)))
        #expect(try await fixture.move(o5.id, .refundCompleted, at: day0.addingTimeInterval(30_000)))
        // A replayed confirmation moves nothing and queues nothing.
        #expect(try await fixture.move(o1.id, .gatewayConfirmed, at: day0.addingTimeInterval(31_000)) == false)
        var delivered = try await fixture.relay(feeRate: defaultRate, at: day0.addingTimeInterval(40_000))

        let closed = try await records.closeSettlements(until: day1, now: day1.addingTimeInterval(60))
        #expect(try await fixture.move(o2.id, .refundRequested, at: day1.addingTimeInterval(500)))
        #expect(try await fixture.move(o2.id, .refundCompleted, at: day1.addingTimeInterval(600)))
        delivered += try await fixture.relay(feeRate: defaultRate, at: day1.addingTimeInterval(700))

        var replays: [Bool] = []
        for event in delivered {
            replays.append(try await records.postSettlement(event, consumer: "settlement", defaultFeeRate: defaultRate,
                                                            at: day1.addingTimeInterval(750)))
        }
        let closedS1 = StatementRecord.id(sellerId: "usr_s1", periodStart: day0)
        let paid = try await records.markStatementPaid(id: closedS1, at: day1.addingTimeInterval(800))
        let counts = try await records.outboxCounts()
        return Books(lines: try await records.ledgerLines(), statements: try await records.statements(sellerId: nil),
                     sellerStatements: try await records.statements(sellerId: "usr_s1"),
                     nextPeriodLines: try await records.ledgerLines(statementId: StatementRecord.id(sellerId: "usr_s1", periodStart: day1)),
                     totals: try await records.platformTotals(), salesP1: try await records.sales(performanceId: "prf_1"),
                     salesP2: try await records.sales(performanceId: "prf_2"),
                     pulse: try await records.salesPulse(performanceId: "prf_1"), closed: closed, paid: paid,
                     replays: replays, unbalanced: try await records.unbalancedLedgerTransactions(),
                     state: try await records.settlementState(), outbox: [counts.total, counts.pending])
    }

    /// What the domain says each order books (Sources/TicketingDomain/Settlement/OrderPosting.swift).
    static func posting(_ order: OrderRecord, rate: FeeRate, at: Date) throws -> LedgerTransaction {
        let payload = OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                                        performanceId: order.performanceId, seatIds: order.seatIds, subtotal: order.subtotal,
                                        discount: order.discount, total: order.total, applied: order.applied, occurredAt: at)
        return try OrderPosting.paid(try payload.settlementOrder(), feeRate: rate, at: at)
    }

    static func refund(_ order: OrderRecord, fee: Int, at: Date) throws -> LedgerTransaction {
        let payload = OrderEventPayload(orderId: order.id, userId: order.userId, sellerId: order.sellerId,
                                        performanceId: order.performanceId, seatIds: order.seatIds, subtotal: order.subtotal,
                                        discount: order.discount, total: order.total, applied: order.applied, occurredAt: at)
        return try OrderPosting.refunded(try payload.settlementOrder(), feeCharged: fee, at: at)
    }

    @Test(arguments: RecordBackend.allCases)
    func booksPaidAndRefundedOrdersOnceAndClosesPeriods(_ backend: RecordBackend) async throws {
        let fixture = try await backend.make()
        defer { Task { await fixture.close() } }
        let books = try await Self.scenario(fixture)

        #expect(books.unbalanced.isEmpty)
        #expect(books.replays.count == 7 && books.replays.allSatisfy { !$0 }, "a replayed event booked again")
        #expect(books.outbox == [7, 0])
        // Four sales, two refunds, each booked once (the declined order books nothing).
        #expect(Set(books.lines.map(\.transactionId)) == ["OrderPaid:ord_1", "OrderPaid:ord_2", "OrderPaid:ord_3",
                                                          "OrderPaid:ord_5", "OrderRefunded:ord_5", "OrderRefunded:ord_2"])
        #expect(books.lines.map(\.entryId) == Array(1...Int64(books.lines.count)))

        let sale1 = try Self.posting(Self.o1, rate: Self.sellerRate, at: Self.day0.addingTimeInterval(3_600))
        let sale2 = try Self.posting(Self.o2, rate: Self.sellerRate, at: Self.day0.addingTimeInterval(7_200))
        let sale3 = try Self.posting(Self.o3, rate: Self.defaultRate, at: Self.day0.addingTimeInterval(10_800))
        let sale5 = try Self.posting(Self.o5, rate: Self.sellerRate, at: Self.day0.addingTimeInterval(20_000))
        let back5 = try Self.refund(Self.o5, fee: sale5.figures.platformFee, at: Self.day0.addingTimeInterval(30_000))
        let back2 = try Self.refund(Self.o2, fee: sale2.figures.platformFee, at: Self.day1.addingTimeInterval(600))
        #expect(books.salesP1 == SalesRecord(ticketsSold: 2, figures: sale1.figures + sale2.figures + sale5.figures
                                                 + back5.figures + back2.figures))
        #expect(books.salesP2 == SalesRecord(ticketsSold: 3, figures: sale3.figures))
        let t = books.totals
        #expect(t.buyerPayments + t.platformCouponCost - t.platformCouponRecovered == t.platformFeeIncome + t.sellerPayouts)
        #expect(t.buyerPayments == Self.o1.total + Self.o3.total)
        #expect(t.platformFeeIncome == sale1.figures.platformFee + sale3.figures.platformFee)

        // The close took day 0 of both sellers; o2's refund after it went to day 1 as an adjustment.
        let s1day0 = StatementRecord.id(sellerId: "usr_s1", periodStart: Self.day0)
        let s2day0 = StatementRecord.id(sellerId: "usr_s2", periodStart: Self.day0)
        let s1day1 = StatementRecord.id(sellerId: "usr_s1", periodStart: Self.day1)
        #expect(books.closed.map(\.id) == [s1day0, s2day0])
        #expect(books.closed.allSatisfy { $0.status == .closed && $0.closedAt == Self.day1.addingTimeInterval(60) })
        #expect(books.closed.first?.figures == sale1.figures + sale2.figures + sale5.figures + back5.figures)
        #expect(books.state.closedUntil == Self.day1 && books.state.calendar == .day)
        #expect(books.nextPeriodLines.count == back2.entries.count
                    && books.nextPeriodLines.allSatisfy { $0.kind == .orderRefunded && $0.orderId == "ord_2" })
        #expect(books.paid?.id == s1day0 && books.paid?.status == .paid && books.paid?.paidAt == Self.day1.addingTimeInterval(800))
        #expect(books.statements.map(\.id) == [s1day1, s1day0, s2day0])
        #expect(books.statements.map(\.status) == [.open, .paid, .closed])
        #expect(books.sellerStatements.map(\.id) == [s1day1, s1day0])

        #expect(books.pulse.sales.map(\.tickets) == [2, 1, 1])
        #expect(books.pulse.sales.map(\.at) == [3_600.0, 7_200, 20_000].map { Self.day0.addingTimeInterval($0) })
        #expect(books.pulse.paymentsPaid == 3 && books.pulse.paymentsFailed == 1)
        #expect(books.pulse.couponsClaimed == 40 && books.pulse.couponsLeft == 60)
    }

    @Test(arguments: RecordBackend.allCases)
    func statementsAndRatesFollowTheSameRules(_ backend: RecordBackend) async throws {
        let fixture = try await backend.make()
        defer { Task { await fixture.close() } }
        let records = fixture.records
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 1, couponsIssued: 0)
        #expect(try await records.sellerFeeRate(sellerId: "usr_s1") == nil)
        try await records.setSellerFeeRate(sellerId: "usr_s1", rate: FeeRate(basisPoints: 300)!, at: Self.day0)
        try await records.setSellerFeeRate(sellerId: "usr_s1", rate: FeeRate(basisPoints: 700)!, at: Self.day0)
        #expect(try await records.sellerFeeRate(sellerId: "usr_s1") == FeeRate(basisPoints: 700))

        let hour = try #require(SettlementCalendar(periodSeconds: 3_600))
        try await records.setSettlementCalendar(hour)
        #expect(try await records.settlementState() == SettlementState(calendar: hour, closedUntil: nil))
        // Nothing to close yet; the watermark stops at `now` and never moves back.
        #expect(try await records.closeSettlements(until: Self.day1, now: Self.day0.addingTimeInterval(5_400)).isEmpty)
        #expect(try await records.settlementState().closedUntil == Self.day0.addingTimeInterval(3_600))
        _ = try await records.closeSettlements(until: Self.day0, now: Self.day0.addingTimeInterval(5_400))
        #expect(try await records.settlementState().closedUntil == Self.day0.addingTimeInterval(3_600))

        // An order paid in the closed hour lands in the first open one.
        let order = Orders.make("ord_late", seller: "usr_s1", performance: "prf_1", seats: ["A-1"], at: Self.day0)
        try await fixture.placeOrder(order)
        #expect(try await fixture.move(order.id, .payRequested, at: Self.day0.addingTimeInterval(1_000)))
        #expect(try await fixture.move(order.id, .gatewayConfirmed, at: Self.day0.addingTimeInterval(1_200)))
        try await fixture.relay(at: Self.day0.addingTimeInterval(5_500))
        let landed = StatementRecord.id(sellerId: "usr_s1", periodStart: Self.day0.addingTimeInterval(3_600))
        let statement = try #require(try await records.statement(id: landed))
        #expect(statement.status == .open && statement.figures.platformFee == FeeRate(basisPoints: 700)!.fee(on: order.total))
        #expect(try await records.markStatementPaid(id: landed, at: Self.day1) == nil, "an open statement is not paid")
        #expect(try await records.markStatementPaid(id: "stl_nope", at: Self.day1) == nil)
        let closed = try await records.closeSettlements(until: Self.day1, now: Self.day1)
        #expect(closed.map(\.id) == [landed])
        #expect(try await records.markStatementPaid(id: landed, at: Self.day1)?.status == .paid)
        #expect(try await records.markStatementPaid(id: landed, at: Self.day1) == nil, "paid once")
        #expect(try await records.statement(id: "stl_nope") == nil)
    }

    /// The two stores, fed the same orders, end with identical books: every line (entry ids
    /// included), statement, total and pulse.
    @Test func sqliteAndPostgresEndWithIdenticalBooks() async throws {
        let sqlite = try await RecordBackend.sqlite.make()
        let postgres = try await RecordBackend.postgres.make()
        defer { Task { await sqlite.close(); await postgres.close() } }
        let reference = try await Self.scenario(sqlite)
        let books = try await Self.scenario(postgres)
        #expect(books.lines == reference.lines)
        #expect(books.statements == reference.statements)
        #expect(books == reference)
    }
}
