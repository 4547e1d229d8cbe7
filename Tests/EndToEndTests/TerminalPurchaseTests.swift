import Foundation
import Testing
import TerminalApp
import TerminalUI
import TicketingClient
import TicketingProtocol
import TicketingServer

/// The client's purchase and seller screens against a real server with the payment sandbox:
/// effects performed by the executor, pushes by the push channel, all folded by the reducer.
@Suite("Terminal client purchase over real sockets")
struct TerminalPurchaseTests {
    /// The UI loop without curses: intents through the reducer, effects through the executor,
    /// pushes and results drained from the inbox.
    final class Driver {
        let inbox = Inbox()
        let executor: EffectExecutor
        var state: AppState

        init(server: TestServer, exportDirectory: URL = FileManager.default.temporaryDirectory,
             hallsDirectory: URL = TestServer.assetsDirectory.appendingPathComponent("halls")) {
            let push = PushChannel(server: ServerAddress(host: "127.0.0.1", port: server.port), inbox: inbox)
            executor = EffectExecutor(api: server.client(), monitor: nil, push: push, exportDirectory: exportDirectory,
                                      hallsDirectory: hallsDirectory)
            state = AppState(size: Size(width: 120, height: 40), now: Date(), timeZone: .current,
                             server: "http://127.0.0.1:\(server.port)")
        }

        func send(_ intents: Intent...) async {
            for intent in intents { await apply(intent) }
        }

        private func apply(_ intent: Intent) async {
            let (next, effects) = Reducer.reduce(state, intent)
            state = next
            executor.push?.want(Reducer.pushWatch(state))
            for effect in effects {
                for result in await executor.perform(effect) { await apply(result) }
            }
        }

        /// Feeds pushes and a tick a tenth of a second until `condition` holds.
        func pump(seconds: Double = 60, until condition: (AppState) -> Bool) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition(state) {
                guard Date() < deadline else {
                    Issue.record("not reached within \(seconds) s; route \(state.route), notice \(state.notice?.text ?? "-")")
                    return
                }
                for intent in inbox.drain() { await apply(intent) }
                await apply(.tick(Date()))
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        func stop() async { await executor.push?.stop() }
    }

    static func buyThroughTheClient(card: String) async throws -> (Driver, TestServer) {
        let server = try await TerminalAppTests.demoServer()
        let driver = Driver(server: server)
        await driver.send(.signedIn(try await login(server, DemoLoader.buyerEmail, driver)))
        let row = try #require(driver.state.list.items.firstIndex { $0.title == "Jazz Night at Lotte" })
        driver.state.list.selected = row
        await driver.send(.activate)
        try await driver.pump { $0.hall?.venue != nil }
        // The concert hall is taller than 40 rows: its overview first, where Enter zooms in.
        #expect(driver.state.hall?.zoomed == false)
        await driver.send(.activate)
        // Enter on the map joins the line; the admission arrives by answer or by push.
        await driver.send(.activate)
        try await driver.pump { $0.purchase?.isAdmitted == true && $0.route == .hall && $0.hall?.venue != nil }
        await driver.send(.bestAvailable)
        let hold = try #require(driver.state.purchase?.hold)
        #expect(driver.state.route == .checkout && hold.seatIds.count == 2)
        try await driver.pump { $0.purchase?.quote != nil }
        #expect(driver.state.purchase?.quote?.subtotal == hold.amount)
        #expect(Renderer.render(driver.state).text().contains("Held for you"))

        await driver.send(.startPayment)
        for _ in 0..<19 { await driver.send(.deleteBackward) }
        for character in card { await driver.send(.type(character)) }
        await driver.send(.activate)
        #expect(driver.state.route == .payment)
        return (driver, server)
    }

    /// Logs in through the executor so the push channel gets the token, like the login form does.
    static func login(_ server: TestServer, _ email: String, _ driver: Driver) async throws -> UserDTO {
        let intents = await driver.executor.perform(.logIn(email: email, password: DemoLoader.demoPassword))
        guard case .signedIn(let user)? = intents.first else {
            throw APIError(status: 0, code: "login", message: "\(intents)")
        }
        return user
    }

    @Test(.timeLimit(.minutes(2))) func joinHoldPayAndSeeTheOrder() async throws {
        let (driver, server) = try await Self.buyThroughTheClient(card: "4242 4242 4242 4242")
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        try await driver.pump { $0.purchase?.order?.status == "paid" }
        #expect(Renderer.render(driver.state).text().contains("Paid — your tickets are booked."))
        // The map on the other side of the pushes shows these seats as sold.
        let seats = try #require(driver.state.purchase?.hold?.seatIds)
        // Enter opens the order's tickets, one per seat; o goes on to my orders.
        await driver.send(.activate)
        try await driver.pump { $0.tickets.loaded }
        #expect(driver.state.route == .tickets)
        // The demo buyer also holds tickets of the catalog's past performance: compare this show's.
        let performanceId = try #require(driver.state.purchase?.hold?.performanceId)
        let these = driver.state.tickets.tickets.filter { $0.performanceId == performanceId }
        #expect(Set(these.map(\.seatId)) == Set(seats))
        #expect(these.allSatisfy { $0.status == .valid })
        await driver.send(.showOrders)
        try await driver.pump { $0.orders.loaded }
        #expect(driver.state.route == .orders && driver.state.orders.orders.first?.status == "paid")
        let sold = try await server.client().seats(driver.state.orders.orders[0].performanceId).seats
            .filter { seats.contains($0.id) }.map(\.state)
        #expect(sold == [.sold, .sold])
    }

    @Test(.timeLimit(.minutes(2))) func aDeclinedCardEndsFailedWithItsReason() async throws {
        let (driver, server) = try await Self.buyThroughTheClient(card: "4000 0000 0000 0002")
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        try await driver.pump { $0.purchase?.order?.status == "failed" }
        #expect(Renderer.render(driver.state).text().contains("Payment failed"))
        await driver.send(.activate)
        #expect(driver.state.route == .checkout && driver.state.purchase?.card.editing == true)

        // Another card: the failed order let its seats go, so they are held again, then paid.
        let declined = driver.state.purchase?.order?.orderId
        let declinedHold = driver.state.purchase?.hold
        for _ in 0..<19 { await driver.send(.deleteBackward) }
        for character in "4242 4242 4242 4242" { await driver.send(.type(character)) }
        await driver.send(.activate)
        let again = try #require(driver.state.purchase?.hold)
        #expect(driver.state.route == .checkout && again.holdId != declinedHold?.holdId)
        #expect(again.seatIds == declinedHold?.seatIds)
        await driver.send(.activate)
        #expect(driver.state.purchase?.card.number == "4242 4242 4242 4242")
        await driver.send(.activate)
        #expect(driver.state.route == .payment && driver.state.purchase?.order?.orderId != declined)
        try await driver.pump { ["paid", "failed"].contains($0.purchase?.order?.status) }
        #expect(driver.state.purchase?.order?.status == "paid")
    }

    /// A card the gateway refuses at its checkout (a mistyped number fails the Luhn check) is
    /// said to be refused, with the gateway's reason — not "the server is busy".
    @Test(.timeLimit(.minutes(2))) func aMistypedCardIsRefusedWithTheGatewaysReason() async throws {
        let (driver, server) = try await Self.buyThroughTheClient(card: "4242 4242 4242 4241")
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        #expect(driver.state.notice?.text == "The card was refused: the card number is not valid (INVALID_CARD_NUMBER)")
        #expect(driver.state.notice?.isError == true)
    }

    @Test(.timeLimit(.minutes(2))) func liveSeatStatesArriveByPush() async throws {
        let server = try await TerminalAppTests.demoServer()
        let driver = Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        await driver.send(.signedIn(try await Self.login(server, DemoLoader.buyerEmail, driver)))
        let show = try #require(driver.state.list.items.first { $0.title == "Jazz Night at Lotte" })
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex(of: show))
        await driver.send(.activate)
        try await driver.pump { $0.hall?.venue != nil }
        let before = try #require(driver.state.hall?.version)
        // Another buyer holds two seats; the open map learns it without a reload.
        let other = server.client()
        _ = try await other.signup(SignupRequest(email: "other@example.com", password: "long enough", name: "O",
                                                 role: "buyer"))
        var status = try await other.post("/v1/performances/\(show.id)/queue", as: QueueStatusDTO.self)
        for _ in 0..<50 where status.admissionToken == nil {
            try await Task.sleep(for: .milliseconds(100))
            status = try await other.get("/v1/performances/\(show.id)/queue/me", as: QueueStatusDTO.self)
        }
        let token = try #require(status.admissionToken)
        let hold = try await other.post("/v1/performances/\(show.id)/holds",
                                        body: CreateHoldRequest(grade: show.grades[0].grade, count: 2), as: HoldDTO.self,
                                        headers: ["X-Admission-Token": token])
        try await driver.pump(seconds: 8) { state in
            hold.seatIds.allSatisfy { state.hall?.map.seat(id: $0)?.state == .held }
        }
        #expect((driver.state.hall?.version ?? 0) > before)
    }

    @Test(.timeLimit(.minutes(2))) func sellerSalesSettlementsAndCSV() async throws {
        let server = try await TerminalAppTests.demoServer()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-export-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let driver = Driver(server: server, exportDirectory: directory)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        let jazz = try #require(try await server.client().performances().performances.first { $0.title == "Jazz Night at Lotte" })
        let bot = BuyerBot(host: "127.0.0.1", port: server.port, performanceId: jazz.id, email: "bot@example.com",
                           grades: jazz.grades.map(\.grade), seats: 2)
        guard case .paid = await bot.run() else { Issue.record("the bot could not buy"); return }

        await driver.send(.signedIn(try await Self.login(server, DemoLoader.sellerEmail, driver)))
        // The four on sale and the past gala of the demo's settlement history.
        #expect(driver.state.list.items.count == 5)
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex(of: jazz))
        await driver.send(.showSales)
        #expect(driver.state.route == .sales)
        // The ledger books a payment a moment after it is confirmed.
        for _ in 0..<50 where driver.state.seller.sales?.ticketsSold != 2 {
            try await Task.sleep(for: .milliseconds(100))
            await driver.send(.refresh)
        }
        #expect(driver.state.seller.sales?.ticketsSold == 2)
        #expect(Renderer.render(driver.state).text().contains("2 of \(Money.grouped(jazz.seatCount)) tickets sold"))
        await driver.send(.back, .showSettlements)
        #expect(driver.state.route == .settlements && !driver.state.seller.settlements.isEmpty)
        await driver.send(.exportStatement)
        let path = try #require(driver.state.seller.exportedPath)
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        #expect(csv.hasPrefix("entryId,occurredAt,orderId,account,debit,credit,description"))
    }
}
