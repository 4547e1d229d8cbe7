import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// The seller's catalog screens and the buyer's refund question, at both sizes.
@Suite struct CatalogGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func venuePickerWithPreview(size: Size) {
        let canvas = Renderer.render(CatalogFixture.venuePicker(size))
        Golden.check(canvas, "new-venue-\(size.name)")
        #expect(canvas.text().contains("Preview · Seoul Arts Theatre"))
        #expect(canvas.text().contains("200 seats in"))
    }

    @Test(arguments: [Size.small, Size.large])
    func aBrokenHallFileShowsItsProblems(size: Size) {
        let state = Fixture.reduce(CatalogFixture.venuePicker(size), .move(.up), .move(.up))
        #expect(state.venueDraft?.current?.fileName == "broken.hall")
        let canvas = Renderer.render(state)
        Golden.check(canvas, "new-venue-broken-\(size.name)")
        #expect(canvas.text().contains("grade 'Q' (declared: R, S, A)"))
    }

    @Test(arguments: [Size.small, Size.large])
    func performanceFormWithAKoreanTitle(size: Size) {
        let canvas = Renderer.render(CatalogFixture.performanceForm(size))
        Golden.check(canvas, "new-performance-\(size.name)")
        #expect(canvas.text().contains("연극 〈햄릿〉 앙코르"))
    }

    @Test(arguments: [Size.small, Size.large])
    func performanceFormRefusedByTheServer(size: Size) {
        var state = Fixture.reduce(CatalogFixture.performanceForm(size), .activate,
                                   .rejected(.createPerformance, problems: [
                                       "the sale must open before the show starts",
                                       "grade 'A' has price 0 KRW; a price must be more than 0",
                                   ]))
        state.notice = nil
        let canvas = Renderer.render(state)
        Golden.check(canvas, "new-performance-rejected-\(size.name)")
        #expect(canvas.text().contains("! the sale must open before the show starts"))
        #expect(canvas.text().contains("연극 〈햄릿〉 앙코르"))
    }

    @Test(arguments: [Size.small, Size.large])
    func sellerCouponsWithLiveCounts(size: Size) {
        let state = Fixture.reduce(CatalogFixture.sellerCoupons(size), .tick(Fixture.now.addingTimeInterval(2)),
                                   .couponsLoaded(performanceId: Fixture.hamlet.id,
                                                  CatalogFixture.coupons(Fixture.hamlet.id, remaining: [31, 0, 180])))
        let canvas = Renderer.render(state)
        Golden.check(canvas, "coupons-seller-\(size.name)")
        #expect(canvas.text().contains("31/50"))
    }

    @Test(arguments: [Size.small, Size.large])
    func couponFormPercentage(size: Size) {
        var state = Fixture.reduce(CatalogFixture.sellerCoupons(size), .newCoupon)
        state = CatalogFixture.type("겨울 특가", into: state)
        state = Fixture.reduce(state, .nextField, .move(.right), .nextField, .type("2"), .type("0"), .nextField,
                               .type("3"), .type("0"), .type(","), .type("0"), .type("0"), .type("0"), .activate)
        state.notice = nil
        let canvas = Renderer.render(state)
        Golden.check(canvas, "coupon-form-\(size.name)")
        #expect(canvas.text().contains("! Enter how many coupons there are."))
    }

    @Test(arguments: [Size.small, Size.large])
    func refundQuestion(size: Size) {
        var state = LeaveFlowTests.ordersWithAPaidOne(size)
        state = Fixture.reduce(state, .cancelOrder)
        Golden.check(Renderer.render(state), "orders-refund-question-\(size.name)")
    }

    @Test(arguments: [Size.small, Size.large])
    func refundedOrder(size: Size) {
        var state = LeaveFlowTests.ordersWithAPaidOne(size)
        let id = state.orders.orders[0].orderId
        var refunded = state.orders.orders
        refunded[0].status = "refunded"
        state = Fixture.reduce(state, .cancelOrder, .confirm(true),
                               .orderCancelled(orderId: id, status: "refund_processing"), .ordersLoaded(refunded))
        let canvas = Renderer.render(state)
        Golden.check(canvas, "orders-refunded-\(size.name)")
        #expect(canvas.text().contains("Refunded ₩"))
    }

    @Test(arguments: [Size.small, Size.large])
    func sellerHallMapHasNoJoinHint(size: Size) {
        let state = Fixture.hallMap(size, Fixture.hamlet, hall: Fixture.theatre, as: Fixture.seller)
        let canvas = Renderer.render(state)
        Golden.check(canvas, "hall-seller-\(size.name)")
        let status = canvas.line(size.height - 1)
        #expect(!status.contains("join") && !status.contains("select") && status.contains("coupons"))
    }

    @Test(arguments: [Size.small, Size.large])
    func helpOnTheFormNamesItsKeys(size: Size) {
        let state = Fixture.reduce(CatalogFixture.performanceForm(size), .toggleHelp)
        let canvas = Renderer.render(state)
        Golden.check(canvas, "help-new-performance-\(size.name)")
        #expect(canvas.text().contains("next choice"))
    }
}
