import Foundation
import Testing
import TerminalApp
import TerminalUI
import TicketingClient
import TicketingProtocol
import TicketingServer

/// The seller's catalog screens and the buyer's ways out against a real server: a venue from a
/// bundled hall file, a performance with a Korean title (refused once, then made), a coupon whose
/// live count falls when a buyer claims it; leaving the line, releasing a hold, a refund.
@Suite("Terminal client catalog and leaving over real sockets")
struct TerminalCatalogTests {
    typealias Driver = TerminalPurchaseTests.Driver

    static func type(_ text: String, _ driver: Driver) async {
        for character in text { await driver.send(.type(character)) }
    }

    static func focus(_ key: String, _ driver: Driver) async {
        for _ in 0..<20 where driver.state.performanceForm?.form.focusedField?.key != key
            && driver.state.couponList?.form?.form.focusedField?.key != key {
            await driver.send(.nextField)
        }
    }

    static func replace(_ key: String, with text: String, _ driver: Driver) async {
        await focus(key, driver)
        for _ in 0..<24 { await driver.send(.deleteBackward) }
        await type(text, driver)
    }

    @Test(.timeLimit(.minutes(2))) func venueFromAHallFileAndAPerformanceInIt() async throws {
        let server = try await TerminalAppTests.demoServer()
        let driver = Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        await driver.send(.signedIn(try await TerminalPurchaseTests.login(server, DemoLoader.sellerEmail, driver)))

        await driver.send(.newVenue)
        let files = try #require(driver.state.venueDraft?.files)
        #expect(files.map(\.fileName) == ["arena.hall", "concert-hall.hall", "theatre.hall"])
        #expect(files.allSatisfy { $0.hall != nil })
        await driver.send(.move(.down), .move(.down))
        #expect(Renderer.render(driver.state).text().contains("Preview · Seoul Arts Theatre"))
        await driver.send(.activate)

        // The venue is made and the form opens on it, priced from the hall file.
        let sheet = try #require(driver.state.performanceForm)
        #expect(driver.state.route == .newPerformance && sheet.loaded)
        let venue = try #require(sheet.venue)
        let stored = try await server.client().venue(venue.id)
        #expect(stored.seatCount == 200 && stored.name == "Seoul Arts Theatre")
        #expect(sheet.form.value("price:R") == "180000")

        // The sale opening after the show: the server refuses, the form keeps every value.
        await Self.focus("title", driver)
        await Self.type("연극 〈햄릿〉 앙코르", driver)
        let starts = try #require(driver.state.performanceForm?.form.value("startsAt"))
        let late = TimeText.dateTime(Date().addingTimeInterval(60 * 86_400), in: driver.state.timeZone)
        await Self.replace("saleOpensAt", with: late, driver)
        await driver.send(.activate)
        let refused = try #require(driver.state.performanceForm?.form)
        #expect(refused.problems.contains("the sale must open before the show starts"))
        #expect(refused.value("title") == "연극 〈햄릿〉 앙코르" && refused.value("startsAt") == starts)
        #expect(Renderer.render(driver.state).text().contains("! the sale must open before the show starts"))

        let opens = TimeText.dateTime(Date().addingTimeInterval(86_400), in: driver.state.timeZone)
        await Self.replace("saleOpensAt", with: opens, driver)
        await Self.replace("price:A", with: "99,000", driver)
        await driver.send(.activate)
        #expect(driver.state.route == .performances && driver.state.performanceForm == nil)
        let show = try #require(driver.state.list.items.first { $0.title == "연극 〈햄릿〉 앙코르" })
        #expect(show.venueId == venue.id && show.seatCount == 200)
        #expect(show.grades.map(\.price) == [180_000, 150_000, 99_000])
        #expect(try await server.client().performance(show.id).title == "연극 〈햄릿〉 앙코르")
    }

    @Test(.timeLimit(.minutes(2))) func aCouponIsMadeAndItsCountFallsLive() async throws {
        let server = try await TerminalAppTests.demoServer()
        let driver = Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        await driver.send(.signedIn(try await TerminalPurchaseTests.login(server, DemoLoader.sellerEmail, driver)))
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex { $0.title == "Jazz Night at Lotte" })
        let jazz = try #require(driver.state.list.current)
        await driver.send(.showCoupons)
        #expect(driver.state.route == .coupons && driver.state.couponList?.loaded == true)

        await driver.send(.newCoupon)
        await Self.type("재즈 20%", driver)
        await driver.send(.nextField, .move(.right))
        await Self.replace("percent", with: "150", driver)
        await Self.replace("quantity", with: "5", driver)
        await driver.send(.activate)
        let refused = try #require(driver.state.couponList?.form?.form)
        #expect(refused.problems.contains { $0.hasPrefix("percent is 150") })
        #expect(refused.value("name") == "재즈 20%" && refused.value("quantity") == "5")

        await Self.replace("percent", with: "20", driver)
        await driver.send(.activate)
        let coupon = try #require(driver.state.couponList?.coupons.first { $0.name == "재즈 20%" })
        #expect(driver.state.couponList?.form == nil && coupon.remaining == 5 && coupon.percent == 20)
        #expect(coupon.performanceId == jazz.id)

        // A buyer claims one; the open list shows the new count without a key pressed.
        let (buyer, _) = try await server.signedUp("buyer")
        _ = try await buyer.claimCoupon(coupon.id)
        try await driver.pump { state in state.couponList?.coupons.first { $0.id == coupon.id }?.remaining == 4 }
        #expect(Renderer.render(driver.state).text().contains("4/5"))
    }

    @Test(.timeLimit(.minutes(2))) func leaveTheLineBeforeTheSaleOpens() async throws {
        let server = try await TerminalAppTests.demoServer()
        let driver = Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        await driver.send(.signedIn(try await TerminalPurchaseTests.login(server, DemoLoader.buyerEmail, driver)))
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex { $0.title == "연극 〈햄릿〉" })
        let hamlet = try #require(driver.state.list.current)
        await driver.send(.activate)
        try await driver.pump { $0.hall?.venue != nil }
        await driver.send(.activate)
        #expect(driver.state.route == .queue && driver.state.purchase?.queue?.state == "waiting")
        let buyer = server.client()
        _ = try await buyer.login(LoginRequest(email: DemoLoader.buyerEmail, password: DemoLoader.demoPassword))
        _ = try await buyer.get("/v1/performances/\(hamlet.id)/queue/me", as: QueueStatusDTO.self)

        await driver.send(.leaveQueue)
        #expect(driver.state.purchase == nil && driver.state.route == .hall)
        await #expect(throws: APIError.self) {
            try await buyer.get("/v1/performances/\(hamlet.id)/queue/me", as: QueueStatusDTO.self)
        }
    }

    @Test(.timeLimit(.minutes(2))) func releaseTheHoldAndTheSeatsAreOnSaleAgain() async throws {
        let server = try await TerminalAppTests.demoServer()
        let driver = Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        await driver.send(.signedIn(try await TerminalPurchaseTests.login(server, DemoLoader.buyerEmail, driver)))
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex { $0.title == "Jazz Night at Lotte" })
        await driver.send(.activate)
        try await driver.pump { $0.hall?.venue != nil }
        // The concert hall opens on its overview: Enter zooms in, a second Enter joins the line.
        #expect(driver.state.hall?.zoomed == false)
        await driver.send(.activate, .activate)
        try await driver.pump { $0.purchase?.isAdmitted == true && $0.route == .hall && $0.hall?.venue != nil }
        await driver.send(.bestAvailable)
        let hold = try #require(driver.state.purchase?.hold)

        await driver.send(.releaseHold)
        #expect(driver.state.route == .hall && driver.state.purchase?.hold == nil)
        let seats = try await server.client().seats(hold.performanceId).seats.filter { hold.seatIds.contains($0.id) }
        #expect(seats.map(\.state) == [.available, .available])
        try await driver.pump { state in hold.seatIds.allSatisfy { state.hall?.map.seat(id: $0)?.state == .available } }
    }

    @Test(.timeLimit(.minutes(2))) func refundAPaidOrderFromMyOrders() async throws {
        let (driver, server) = try await TerminalPurchaseTests.buyThroughTheClient(card: "4242 4242 4242 4242")
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        try await driver.pump { $0.purchase?.order?.status == "paid" }
        let order = try #require(driver.state.purchase?.order)
        await driver.send(.showOrders)
        try await driver.pump { $0.orders.loaded }
        #expect(driver.state.orders.current?.orderId == order.orderId)

        await driver.send(.cancelOrder)
        #expect(Renderer.render(driver.state).text().contains("Refund this order?"))
        await driver.send(.confirm(true))
        try await driver.pump { $0.orders.current?.status == "refunded" }
        #expect(Renderer.render(driver.state).text().contains("Refunded \(Money.krw(order.total)) to your card"))
        let seats = try await server.client().seats(order.performanceId).seats.filter { order.seatIds.contains($0.id) }
        #expect(seats.allSatisfy { $0.state == .available })
    }
}
