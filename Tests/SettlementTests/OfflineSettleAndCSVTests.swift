import Foundation
import Testing
@testable import TicketingServer
import TicketingProtocol
import TicketingStorage

@Suite("qticketd settle and CSV fields")
struct OfflineSettleAndCSVTests {
    /// What `qticketd settle --data <dir> --until <time>` runs.
    @Test func settleClosesThePeriodsThatEndedByUntil() async throws {
        let ledger = try await LedgerHarness.make(at: utc("2026-12-24T00:00:00Z"))
        defer { ledger.remove() }
        let order = StatementLifecycleTests.order
        try await ledger.deliver(try order.event("OrderPaid", seq: 1, at: utc("2026-12-24T10:00:00Z")), at: utc("2026-12-24T10:00:00Z"))
        try await ledger.deliver(try TestOrder(id: "ord_b", sellerId: "usr_seller1", performanceId: "prf_2", seats: 1,
                                               subtotal: 50_000, sellerDiscount: 0, platformDiscount: 0)
            .event("OrderPaid", seq: 2, at: utc("2026-12-25T10:00:00Z")), at: utc("2026-12-25T10:00:00Z"))
        await #expect(throws: SettingsError.self) {
            _ = try await AdminTasks.settle(dataDirectory: ledger.directory, until: "Christmas", now: utc("2026-12-26T00:00:00Z"))
        }
        let first = try await AdminTasks.settle(dataDirectory: ledger.directory, until: "2026-12-25T00:00:00Z",
                                                now: utc("2026-12-26T00:00:00Z"))
        #expect(first.closed.map(\.sellerId) == [order.sellerId] && first.closedUntil == utc("2026-12-25T00:00:00Z"))
        #expect(first.closed.first?.figures.gross == 120_000)
        let again = try await AdminTasks.settle(dataDirectory: ledger.directory, until: "2026-12-25T00:00:00Z",
                                                now: utc("2026-12-26T00:00:00Z"))
        #expect(again.closed.isEmpty)
        let statuses = try await ledger.storage.statements(sellerId: nil).map(\.status)
        #expect(statuses == [.open, .closed])
    }

    @Test func fieldsAreQuotedOnlyWhenRFC4180RequiresIt() {
        #expect(StatementCSV.field("seller_revenue:usr_1") == "seller_revenue:usr_1")
        #expect(StatementCSV.field("fee 10% of 45,000 KRW") == "\"fee 10% of 45,000 KRW\"")
        #expect(StatementCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(StatementCSV.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(StatementCSV.field("bare\nlf") == "\"bare\nlf\"")
        #expect(StatementCSV.field("환불") == "환불")
        let line = LedgerLineDTO(entryId: "7", transactionId: "OrderPaid:o", occurredAt: utc("2026-12-24T10:00:00Z"),
                                 orderId: "o", performanceId: "p", account: "buyer_payments", debit: 1_000, credit: 0,
                                 description: "a, \"b\"")
        #expect(StatementCSV.render([line]) == "entryId,occurredAt,orderId,account,debit,credit,description\r\n"
                + "7,2026-12-24T10:00:00Z,o,buyer_payments,1000,0,\"a, \"\"b\"\"\"\r\n")
    }
}
