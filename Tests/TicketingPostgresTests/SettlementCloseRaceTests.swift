import Foundation
import Testing
import TicketingDomain
@testable import TicketingPostgres
import TicketingRecords

/// A close on one node while two others book: SQLite's single writer orders them for free; here
/// the lock on `settlement_state` must. Every booking lands, none in a statement after it
/// closed, and each statement's totals are the sum of what was booked into it.
@Suite("Settlement closing while nodes book, on PostgreSQL",
       .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct SettlementCloseRaceTests {
    static let day0 = Orders.day0
    static let day1 = Orders.day0.addingTimeInterval(86_400)

    static func event(_ index: Int) throws -> OutboxEvent {
        let payload = OrderEventPayload(orderId: "ord_\(index)", userId: "usr_b\(index)", sellerId: "usr_s1",
                                        performanceId: "prf_1", seatIds: ["A-\(index)"], subtotal: 10_000, discount: 0,
                                        total: 10_000, applied: [], occurredAt: day0.addingTimeInterval(Double(60 * index)))
        return try OutboxEvent.order("OrderPaid", payload: payload, seq: Int64(index))
    }

    @Test func bookingsRacingACloseLandBeforeOrAfterItNeverIntoAClosedStatement() async throws {
        let (one, two) = try await OutboxNodesTests.nodes()
        let events = try (0..<60).map(Self.event)
        let outcomes = try await race(3) { node -> [Bool] in
            if node == 2 {
                _ = try await one.closeSettlements(until: Self.day1, now: Self.day1.addingTimeInterval(10))
                return []
            }
            var booked: [Bool] = []
            for event in events where Int(event.seq) % 2 == node {
                booked.append(try await (node == 0 ? one : two).postSettlement(
                    event, consumer: "settlement", defaultFeeRate: FeeRate(basisPoints: 500)!, at: Self.day1))
            }
            return booked
        }
        #expect(outcomes.flatMap { $0 }.count == 60 && outcomes.flatMap { $0 }.allSatisfy { $0 })
        let closedId = StatementRecord.id(sellerId: "usr_s1", periodStart: Self.day0)
        let nextId = StatementRecord.id(sellerId: "usr_s1", periodStart: Self.day1)
        var transactions = 0
        for id in [closedId, nextId] {
            let lines = try await one.ledgerLines(statementId: id)
            transactions += Set(lines.map(\.transactionId)).count
            guard let statement = try await one.statement(id: id) else { continue }
            let income = lines.filter { $0.account == LedgerAccount.platformFeeIncome.code }.map(\.credit).reduce(0, +)
            #expect(statement.figures.platformFee == income, "\(id) totals differ from its entries")
            #expect(statement.figures.gross == 10_000 * Set(lines.map(\.transactionId)).count)
        }
        #expect(transactions == 60)
        if let closed = try await one.statement(id: closedId) {
            #expect(closed.status == .closed)
            // A booking into it after it closed would have failed above: the open-statement
            // trigger raises, as it does without the lock on settlement_state.
            #expect(closed.closedAt == Self.day1.addingTimeInterval(10))
        }
        #expect(try await one.unbalancedLedgerTransactions().isEmpty)
        await one.pool.shutdown()
        await two.pool.shutdown()
    }
}
