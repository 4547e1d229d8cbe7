import Foundation
import Testing
import TerminalUI
import TicketingServer

/// The real `qticket` binary in a real terminal (tmux) against a real server: keys in with
/// `send-keys`, screens out with `capture-pane`.
@Suite("Terminal client in tmux", .enabled(if: TmuxSession.available && TmuxSession.qticket != nil))
struct TerminalTmuxTests {
    /// A start date in the list (the demo catalog dates performances from today, so the year moves).
    static let startDate = #"20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]"#

    @Test(.timeLimit(.minutes(1)))
    func loginListHallMapSelectAndQuit() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.startClient(port: server.port, width: 100, height: 30)

        try await tmux.logIn(DemoLoader.buyerEmail)

        let list = try await tmux.waitFor("아이유 콘서트 2026")
        #expect(list.contains("Demo Buyer · buyer"))
        // tmux lays out wide characters by the same rules as our canvas: the start dates line up.
        let starts = Set(list.split(separator: "\n").compactMap { line -> Int? in
            // Table rows only, not the framed detail of the highlighted performance.
            guard let range = line.range(of: Self.startDate, options: .regularExpression), !line.contains("│") else {
                return nil
            }
            return DisplayWidth.of(line[..<range.lowerBound])
        })
        #expect(starts.count == 1, "\(list)")
        #expect(list.split(separator: "\n").count {
            $0.range(of: Self.startDate, options: .regularExpression) != nil && !$0.contains("│")
        } == 5, "four on sale and the demo's past gala")

        // Soonest first: Jazz Night (3 days), then the theatre's Hamlet (7 days).
        try tmux.send("j")
        try await tmux.waitFor("Seoul Arts Theatre · 200 seats")
        try tmux.send("Enter")
        let map = try await tmux.waitFor("Seoul Arts Theatre · hall map")
        #expect(map.contains("STAGE") && map.contains("RRRRRRRRRR"))
        try await tmux.waitFor("200 of 200 available")

        try tmux.send("Space")
        try await tmux.waitFor("Selected 1/2")
        try tmux.send("l", "Space")
        try await tmux.waitFor("Selected 2/2 · ₩360,000")
        try tmux.send("l", "Space")
        try await tmux.waitFor("At most 2 seats per order")

        try tmux.send("?")
        try await tmux.waitFor("Keys · Hall map")
        try tmux.send("Escape")
        try await tmux.waitFor("help gone") { !$0.contains("Keys · Hall map") }

        try tmux.send("q")
        try await tmux.waitFor("5 performances")
        try tmux.send("q")
        let end = try await tmux.waitFor("exit status")
        #expect(end.contains("exit status 0"))
    }

    /// The whole purchase with keys only: join the line, get admitted, hold the best seats,
    /// pay with the sandbox's approving card, find the order paid, and refund it.
    @Test(.timeLimit(.minutes(2)))
    func queueSeatsPayAndOrders() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try await tmux.clientOnTheDemoList(port: server.port, width: 100, height: 30)

        // Jazz Night is first (soonest) and on sale: open its map (the hall is larger than the
        // window, so on its overview), zoom in, then Enter joins the line.
        try tmux.send("Enter")
        try await tmux.waitFor("Lotte Concert Hall · overview")
        try tmux.send("Enter")
        try await tmux.waitFor("Lotte Concert Hall · hall map")
        try await tmux.waitFor("Enter join")
        try tmux.send("Enter")
        let admitted = try await tmux.waitFor("Enter hold · b best")
        #expect(admitted.contains("hall map"))

        try tmux.send("b")
        let checkout = try await tmux.waitFor("Held for you")
        #expect(checkout.contains("Your order") && checkout.contains("Total"))
        let paid = try await tmux.payWithTheApprovingCard()
        #expect(paid.contains("Payment · order"))

        // Enter on a paid order shows its tickets (docs/TICKETS.md); o goes on to my orders.
        try tmux.send("Enter")
        try await tmux.waitFor("VALID · show this code at the door")
        try tmux.send("o")
        let orders = try await tmux.waitFor("My orders") { $0.contains("Jazz Night at Lotte") && $0.contains("paid") }
        #expect(orders.contains("Status"))
        // And back: x asks, y refunds, the list follows the refund to its end.
        try tmux.send("x")
        try await tmux.waitFor("Refund this order?")
        try tmux.send("y")
        try await tmux.waitFor("Refunded ₩")
        try tmux.send("q")
        try await tmux.waitFor("Enter open")
        try tmux.send("q")
        let end = try await tmux.waitFor("exit status")
        #expect(end.contains("exit status 0"))
    }

    /// A seller makes a venue from a bundled hall file and a performance with a Korean title in it.
    @Test(.timeLimit(.minutes(2)))
    func sellerVenueAndPerformance() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.startClient(port: server.port, ["--assets", TestServer.assetsDirectory.path], width: 100, height: 30)
        try await tmux.logIn(DemoLoader.sellerEmail)
        try await tmux.waitFor("v venue")
        // The seller's map offers no joining.
        try tmux.send("Enter")
        let map = try await tmux.waitFor("hall map")
        #expect(!map.contains("join"))
        try tmux.send("Escape")
        try await tmux.waitFor("v venue")

        try tmux.send("v")
        try await tmux.waitFor("Preview · Olympic Arena")
        try tmux.send("j", "j")
        try await tmux.waitFor("Preview · Seoul Arts Theatre")
        try tmux.send("Enter")
        try await tmux.waitFor("Create performance")
        try tmux.send("Tab")
        try tmux.type("연극 〈햄릿〉 앙코르")
        try tmux.send("Enter")
        try await tmux.waitFor("created: sale opens")
        let list = try await tmux.waitFor("6 performances")
        #expect(list.contains("연극 〈햄릿〉 앙코르 (yours)"))
        try tmux.send("q")
        let end = try await tmux.waitFor("exit status")
        #expect(end.contains("exit status 0"))
    }

    @Test(.timeLimit(.minutes(1)))
    func showsReconnectingWhileTheServerIsDown() async throws {
        let server = try await TerminalAppTests.demoServer()
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.startClient(port: server.port, width: 90, height: 26)
        try await tmux.waitFor("Welcome to QueueTicket")
        await server.stop()
        try await tmux.waitFor("reconnecting…")

        var config = ServerConfig(dataDirectory: server.dataDirectory)
        config.port = server.port
        config.logSink = .discard
        let again = try QueueTicketServer(config: config)
        try await again.start()
        defer { Task { await again.stop(timeout: 1) } }
        try await tmux.waitFor("online again") { $0.contains("online") && !$0.contains("reconnecting") }
        try tmux.send("C-c")
        let end = try await tmux.waitFor("exit status")
        #expect(end.contains("exit status 0"))
    }

    @Test(.timeLimit(.minutes(1)))
    func tooSmallThenResized() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.startClient(port: server.port, width: 70, height: 20)
        try await tmux.waitFor("Terminal too small")
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "80", "-y", "24"])
        try await tmux.waitFor("Welcome to QueueTicket")
        try tmux.send("C-c")
        try await tmux.waitFor("exit status 0")
    }
}
