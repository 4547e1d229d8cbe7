import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

@Suite("Settlement over real sockets")
struct SettlementEndToEndTests {
    /// Two paid orders (one with a seller coupon and a platform coupon), one refunded; then the
    /// period closes and the other is refunded into the next period.
    @Test func salesAndStatementsShowExactFiguresAndRefundsAfterCloseLandInTheNextPeriod() async throws {
        let fx = try await SettlementFixture.make()
        defer { Task { await fx.server.stop() } }
        let performanceId = fx.show.performance.id
        let sellerCoupon = try await fx.seller.createCoupon(CreateCouponRequest(
            name: "4,995 off", kind: "fixed", amount: 4_995, performanceId: performanceId, perTicket: false, totalQuantity: 5))
        let platformCoupon = try await fx.admin.createCoupon(CreateCouponRequest(
            name: "1,000 off a ticket", kind: "fixed", amount: 1_000, performanceId: performanceId, perTicket: true,
            totalQuantity: 5))

        let first = try await CheckoutFixture.make(seats: 2, show: fx.show)
        let coupons = try await fx.claim([sellerCoupon.id, platformCoupon.id], buyer: first.buyer)
        let (orderA, paidA) = try await first.orderAndPay(card: "4242424242424242", coupons: coupons)
        #expect(paidA.status == "paid")
        let sellerDiscount = orderA.applied.filter { $0.userCouponId == coupons[0] }.reduce(0) { $0 + $1.amount }
        let platformDiscount = orderA.applied.filter { $0.userCouponId == coupons[1] }.reduce(0) { $0 + $1.amount }
        // A per-ticket coupon discounts one ticket.
        #expect(sellerDiscount == 4_995 && platformDiscount == 1_000 && orderA.discount == 5_995)

        let second = try await CheckoutFixture.make(seats: 2, show: fx.show)
        let (orderB, paidB) = try await second.orderAndPay(card: "4242424242424242")
        #expect(paidB.status == "paid" && orderB.discount == 0)
        _ = try await second.buyer.post("/v1/orders/\(orderB.orderId)/cancel", as: OrderStatusDTO.self)
        #expect(try await second.waitForFinal(orderB.orderId).status == "refunded")

        let feeA = expectedFee(base: orderA.subtotal - sellerDiscount)
        #expect(feeA == (orderA.subtotal - 4_995) / 10 + 1, "the fee base ends in 5 KRW: half up")
        let gross = orderA.subtotal + orderB.subtotal
        let expected = SalesDTO(performanceId: performanceId, ticketsSold: 2, gross: gross, sellerCouponCost: sellerDiscount,
                                platformCouponCost: platformDiscount, refunds: orderB.subtotal, platformFee: feeA,
                                net: gross - sellerDiscount - feeA - orderB.subtotal)
        #expect(try await fx.waitForSales { $0.refunds > 0 } == expected)

        let open = try #require(try await fx.settlements().first)
        #expect(open.status == "open" && open.sellerId == fx.sellerId)
        let openFigures: [Int] = [open.gross, open.sellerCouponCost, open.platformCouponCost, open.refunds,
                                  open.platformFee, open.payout]
        #expect(openFigures == [gross, sellerDiscount, platformDiscount, orderB.subtotal, feeA, expected.net])
        #expect(open.payout == open.gross - open.sellerCouponCost - open.platformFee - open.refunds)
        #expect(open.periodEnd.timeIntervalSince(open.periodStart) == TimeInterval(SettlementFixture.periodSeconds))
        let detail = try await fx.statement(open.id)
        #expect(detail.summary == open)
        #expect(detail.lines.reduce(0) { $0 + $1.debit - $1.credit } == 0)
        #expect(Set(detail.lines.map(\.orderId)) == [orderA.orderId, orderB.orderId])
        #expect(detail.lines.filter { $0.account == "seller_revenue:\(fx.sellerId)" }.reduce(0) { $0 + $1.credit } == gross)
        try await expectCSVMatches(detail, fx: fx)

        // The period ends, an admin closes it, and the seller refunds order A afterwards.
        fx.clock.advance(by: TimeInterval(SettlementFixture.periodSeconds))
        let closing = try await fx.admin.post("/v1/admin/settlements/close",
                                              body: CloseSettlementsRequest(until: fx.clock.wallClock.now()),
                                              as: CloseSettlementsResponse.self)
        var closed = open
        closed.status = "closed"
        closed.closedAt = closing.closed.first?.closedAt
        #expect(closing.closed == [closed])
        _ = try await fx.seller.post("/v1/orders/\(orderA.orderId)/cancel", as: OrderStatusDTO.self)
        #expect(try await first.waitForFinal(orderA.orderId).status == "refunded")
        let after = try await fx.waitForSales { $0.ticketsSold == 0 }
        #expect(after == SalesDTO(performanceId: performanceId, ticketsSold: 0, gross: gross, sellerCouponCost: sellerDiscount,
                                  platformCouponCost: platformDiscount,
                                  refunds: orderB.subtotal + orderA.subtotal - sellerDiscount, platformFee: 0, net: 0))

        let statements = try await fx.settlements()
        #expect(statements.map(\.status) == ["open", "closed"])
        #expect(statements.last == closed, "a closed statement never changes")
        let adjustment = statements[0]
        #expect(adjustment.periodStart == open.periodEnd)
        let adjustmentFigures: [Int] = [adjustment.gross, adjustment.refunds, adjustment.platformFee, adjustment.payout]
        #expect(adjustmentFigures == [0, orderA.subtotal - sellerDiscount, -feeA, -(orderA.subtotal - sellerDiscount - feeA)])

        // Payouts: only a closed statement can be paid; the platform's books balance.
        let refused = await #expect(throws: APIError.self) {
            _ = try await fx.admin.post("/v1/admin/settlements/\(adjustment.id)/pay", as: SettlementSummaryDTO.self)
        }
        #expect(refused?.status == 409 && refused?.code == "settlement_state")
        let paid = try await fx.admin.post("/v1/admin/settlements/\(open.id)/pay", as: SettlementSummaryDTO.self)
        #expect(paid.status == "paid" && paid.payout == open.payout)
        let platform = try await fx.admin.get("/v1/admin/platform", as: PlatformTotalsDTO.self)
        #expect(platform == PlatformTotalsDTO(buyerPayments: 0, platformFee: 0, platformCouponCost: platformDiscount,
                                              platformCouponRecovered: platformDiscount, sellerPayouts: 0, netIncome: 0,
                                              unbalancedTransactions: 0))
    }

    private func expectCSVMatches(_ detail: SettlementStatementDTO, fx: SettlementFixture) async throws {
        let response = try await fx.seller.send(method: "GET", path: "/v1/seller/settlements/\(detail.summary.id)",
                                                headers: ["Accept": "text/csv"])
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/csv") == true)
        let rows = try CSVParser.parse(String(decoding: response.body, as: UTF8.self))
        #expect(rows.first == ["entryId", "occurredAt", "orderId", "account", "debit", "credit", "description"])
        let expected = detail.lines.map { line in
            [line.entryId, RFC3339.format(line.occurredAt), line.orderId, line.account, String(line.debit),
             String(line.credit), line.description]
        }
        #expect(Array(rows.dropFirst()) == expected)
        #expect(expected.contains { $0[6].contains(",") }, "a description with a comma exercises the quoting")
    }
}
