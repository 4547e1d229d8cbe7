import Foundation
import Testing
import TerminalApp
import TerminalUI
import TicketingClient
import TicketingProtocol
import TicketingServer

/// Coupons in the client against a real server: claimed from the show's list, applied by the
/// quote, dropped by the buyer, and the order paid at the price the last quote showed.
@Suite("Terminal client coupons over real sockets")
struct TerminalCouponTests {
    @Test(.timeLimit(.minutes(2)))
    func claimApplyDropAndPay() async throws {
        let server = try await TerminalAppTests.demoServer()
        let driver = TerminalPurchaseTests.Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        let seller = server.client()
        _ = try await seller.login(LoginRequest(email: DemoLoader.sellerEmail, password: DemoLoader.demoPassword))
        let jazz = try #require(try await seller.performances().performances.first { $0.title == "Jazz Night at Lotte" })
        _ = try await seller.createCoupon(CreateCouponRequest(name: "Jazz ₩10,000", kind: "fixed", amount: 10_000,
                                                              performanceId: jazz.id, perTicket: false,
                                                              totalQuantity: 10))

        await driver.send(.signedIn(try await TerminalPurchaseTests.login(server, DemoLoader.buyerEmail, driver)))
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex { $0.id == jazz.id })
        await driver.send(.activate)
        try await driver.pump { $0.hall?.venue != nil }
        await driver.send(.showCoupons)
        #expect(driver.state.route == .coupons && driver.state.couponList?.coupons.first?.remaining == 10)
        await driver.send(.activate)
        #expect(driver.state.couponList?.coupons.first?.remaining == 9)
        await driver.send(.activate)
        #expect(driver.state.notice?.text == "You already have this coupon.")

        // A claim may still be pending for a moment; the quote counts issued coupons only.
        let buyer = server.client()
        _ = try await buyer.login(LoginRequest(email: DemoLoader.buyerEmail, password: DemoLoader.demoPassword))
        for _ in 0..<30 where try await buyer.myCoupons().coupons.first?.status != .issued {
            try await Task.sleep(for: .milliseconds(100))
        }
        // Back on the concert hall's overview: Enter zooms in, a second Enter joins the line.
        await driver.send(.back, .activate, .activate)
        try await driver.pump { $0.purchase?.isAdmitted == true && $0.route == .hall && $0.hall?.venue != nil }
        await driver.send(.bestAvailable)
        try await driver.pump { $0.purchase?.quote != nil && $0.purchase?.coupons.isEmpty == false }
        let quote = try #require(driver.state.purchase?.quote)
        #expect(quote.discount == 10_000 && quote.total == quote.subtotal - 10_000)
        #expect(Renderer.render(driver.state).text().contains("[x] Jazz ₩10,000"))

        await driver.send(.toggleCoupon)
        #expect(driver.state.purchase?.quote?.discount == 0 && driver.state.purchase?.chosenCoupons == [])
        await driver.send(.startPayment, .activate)
        try await driver.pump { $0.purchase?.order?.status == "paid" }
        #expect(driver.state.purchase?.order?.total == quote.subtotal)
    }
}
