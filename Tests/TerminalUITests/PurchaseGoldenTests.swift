import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// Seller figures as the API sends them, shared by the flow tests and the goldens.
enum SellerGoldens {
    static func sales(_ performanceId: String) -> SalesDTO {
        SalesDTO(performanceId: performanceId, ticketsSold: 412, gross: 61_800_000, sellerCouponCost: 1_240_000,
                 platformCouponCost: 300_000, refunds: 150_000, platformFee: 6_041_000, net: 54_369_000)
    }

    static let periods = (0..<3).map { day in
        SettlementSummaryDTO(id: "stl_\(day + 1)", sellerId: Fixture.sellerId,
                             periodStart: Fixture.date("2026-11-2\(3 + day)T00:00:00Z"),
                             periodEnd: Fixture.date("2026-11-2\(4 + day)T00:00:00Z"),
                             gross: [12_000_000, 30_500_000, 8_200_000][day], sellerCouponCost: 200_000,
                             platformCouponCost: 0, platformFee: 1_000_000, refunds: 0,
                             payout: [10_800_000, 29_300_000, 7_000_000][day], status: day == 2 ? "open" : "closed",
                             closedAt: nil, paidAt: nil)
    }
}

/// The purchase and seller screens as the reducer leaves them, at both sizes.
@Suite struct PurchaseGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func checkoutWithCoupons(size: Size) {
        let (state, _) = PurchaseFlowTests.checkout(size)
        let canvas = Renderer.render(state)
        Golden.check(canvas, "checkout-coupons-\(size.name)")
        #expect(canvas.text().contains("[x] Welcome ₩20,000"))
    }

    @Test(arguments: [Size.small, Size.large])
    func cardForm(size: Size) {
        let (state, _) = PurchaseFlowTests.checkout(size)
        let canvas = Renderer.render(Fixture.reduce(state, .startPayment, .nextField, .deleteBackward))
        Golden.check(canvas, "checkout-card-\(size.name)")
        #expect(canvas.text().contains("12/3_"))
    }

    @Test(arguments: [Size.small, Size.large])
    func waitingRoomFromPushes(size: Size) {
        var state = PurchaseFlowTests.mahlerMap(size)
        let id = Fixture.mahler.id
        state = Fixture.reduce(state, .activate, .queueStatus(performanceId: id, PurchaseFlowTests.waiting(position: 400, ahead: 399)),
                               .queueStats(performanceId: id, QueueStatsDTO(
                                   waiting: 1_830, admittedActive: 200, ratePerSecond: 20, measuredRatePerSecond: nil,
                                   seatsLeft: 1_420, seatsHeld: 310, soldOut: false, saleOpensAt: Fixture.mahler.saleOpensAt,
                                   opened: true, seedCommitment: "", seed: nil, preQueueOrder: nil)),
                               .queueStatus(performanceId: id, PurchaseFlowTests.waiting(position: 100, ahead: 99)),
                               .pushConnection(online: size == .large))
        state.notice = nil
        Golden.check(Renderer.render(state), "queue-live-\(size.name)")
    }

    @Test(arguments: [Size.small, Size.large])
    func myOrders(size: Size) {
        let (checkout, hold) = PurchaseFlowTests.checkout(size)
        var failed = PurchaseFlowTests.order(hold, status: "failed", failureCode: "payment_declined")
        failed.orderId = "ord_0"
        failed.createdAt = Fixture.now.addingTimeInterval(-60)
        var state = Fixture.reduce(checkout, .orderPlaced(PurchaseFlowTests.order(hold, status: "payment_processing")),
                                   .showOrders, .ordersLoaded([failed, PurchaseFlowTests.order(hold, status: "paid")]))
        state.notice = nil
        Golden.check(Renderer.render(state), "orders-\(size.name)")
    }

    @Test func couponList() throws {
        let json = """
        {"coupons":[{"id":"cpn_1","name":"Welcome ₩20,000","kind":"fixed","amount":20000,"perTicket":false,
        "totalQuantity":500,"fundedBy":"seller","remaining":212},
        {"id":"cpn_2","name":"R seat 10%","kind":"percentage","percent":10,"grade":"R","perTicket":true,
        "totalQuantity":100,"fundedBy":"platform","remaining":0}]}
        """
        let coupons = try WireJSON.decode(CouponList.self, from: Data(json.utf8)).coupons
        var state = Fixture.reduce(PurchaseFlowTests.mahlerMap(), .showCoupons,
                                   .couponsLoaded(performanceId: Fixture.mahler.id, coupons))
        state.notice = nil
        Golden.check(Renderer.render(state), "coupons-80x24")
    }

    @Test(arguments: [Size.small, Size.large])
    func settlementsWithExport(size: Size) {
        var state = Fixture.reduce(Fixture.list(size, as: Fixture.seller), .showSettlements,
                                   .settlementsLoaded(SellerGoldens.periods), .move(.down),
                                   .statementExported(path: "/home/seller/settlement-stl_2.csv"))
        state.notice = nil
        Golden.check(Renderer.render(state), "settlement-export-\(size.name)")
    }
}
