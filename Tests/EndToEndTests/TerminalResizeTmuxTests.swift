import Foundation
import Testing
import TerminalUI
import TicketingServer

/// The window resized while a screen is up, on the screens a buyer and a seller spend time on:
/// the seat map, checkout, the orders and the live sales dashboard. Each goes 120×40 → 80×24 →
/// 70×20 (the size note) → 120×40, and every frame must be drawn for its size: the status bar on
/// the last row reaching the right edge, no row wider than the window, nothing left on the row
/// that was the bottom before, and — where the screen holds still — the same screen as before.
@Suite("Terminal resize in tmux", .enabled(if: TmuxSession.available && TmuxSession.qticket != nil))
struct TerminalResizeTmuxTests {
    static func rows(_ screen: String) -> [Substring] {
        screen.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// A frame drawn for `width`×`height` showing `marker`.
    static func drawn(_ screen: String, width: Int, height: Int, marker: String) -> Bool {
        let rows = rows(screen)
        guard rows.count >= height, screen.contains(marker) else { return false }
        let status = rows[height - 1].trimmingCharacters(in: .whitespaces)
        // The link sits one cell from the right edge.
        return status.hasSuffix("online") && DisplayWidth.of(rows[height - 1]) >= width - 1
            && rows.prefix(height).allSatisfy { DisplayWidth.of($0) <= width }
            && rows.prefix(height - 1).allSatisfy { !$0.trimmingCharacters(in: .whitespaces).hasSuffix("online") }
            && rows[0].hasPrefix(" QueueTicket · ")
    }

    static func resize(_ tmux: TmuxSession, _ width: Int, _ height: Int) throws {
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Down to 80×24, below it, and back; returns the small frame. `still` screens must come back
    /// exactly as they were.
    @discardableResult
    static func cycle(_ tmux: TmuxSession, marker: String, small smallMarker: String? = nil, still: Bool) async throws -> String {
        let before = try await tmux.waitFor("\(marker) at 120x40") { drawn($0, width: 120, height: 40, marker: marker) }
        try resize(tmux, 80, 24)
        let small = try await tmux.waitFor("\(marker) redrawn at 80x24") {
            drawn($0, width: 80, height: 24, marker: smallMarker ?? marker)
        }
        try resize(tmux, 70, 20)
        try await tmux.waitFor("the size note") { $0.contains("Terminal too small") && $0.contains("80×24") }
        try resize(tmux, 120, 40)
        let after = try await tmux.waitFor("\(marker) redrawn at 120x40") {
            drawn($0, width: 120, height: 40, marker: marker) && !$0.contains("Terminal too small")
        }
        if still {
            #expect(after == before, "\(marker): the screen differs after the round trip")
        }
        return small
    }

    /// `--lang ko` in a real terminal: Hangul laid out by tmux as by our canvas, the status bar
    /// still ending at the right edge after a resize.
    @Test(.timeLimit(.minutes(1)))
    func koreanScreensKeepTheirEdgesInARealTerminal() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.startClient(port: server.port, ["--lang", "ko"], width: 120, height: 40)
        try await tmux.logIn(DemoLoader.buyerEmail, welcome: "QueueTicket에 오신 것을 환영합니다")
        try await tmux.waitFor("the list") { $0.contains("공연 목록") && $0.contains("Jazz Night at Lotte") }
        try tmux.send("Enter")
        try await tmux.waitFor("Lotte Concert Hall · 전체 보기")
        try Self.resize(tmux, 80, 24)
        let small = try await tmux.waitFor("the Korean overview at 80x24") { screen in
            let rows = Self.rows(screen)
            guard rows.count >= 24 else { return false }
            return screen.contains("전체 보기") && rows[23].trimmingCharacters(in: .whitespaces).hasSuffix("연결됨")
                && DisplayWidth.of(rows[23]) >= 79 && rows.prefix(24).allSatisfy { DisplayWidth.of($0) <= 80 }
        }
        let edges = Set(Self.rows(small).filter { $0.hasSuffix("┐") || $0.hasSuffix("┘") }.map { DisplayWidth.of($0) })
        #expect(edges == [80], "\(small)")
        try tmux.send("C-c")
        try await tmux.waitFor("exit status 0")
    }

    @Test(.timeLimit(.minutes(3)))
    func seatMapCheckoutOrdersAndTheDashboardRedrawAtEverySize() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try await tmux.clientOnTheDemoList(port: server.port, width: 120, height: 40)

        // The seat map, zoomed into the stalls.
        try tmux.send("Enter")
        try await tmux.waitFor("Lotte Concert Hall · overview")
        try tmux.send("Enter")
        let map = try await Self.cycle(tmux, marker: "Lotte Concert Hall · hall map", still: true)
        #expect(map.contains("STALLS"), "\(map)")

        // Checkout: join, admitted at once, the best two seats held.
        try tmux.send("Enter")
        try await tmux.waitFor("Enter hold · b best")
        try tmux.send("b")
        try await tmux.waitFor("Held for you")
        let checkout = try await Self.cycle(tmux, marker: "Your order", still: false)
        #expect(checkout.contains("Total") && checkout.contains("Held for you"), "\(checkout)")

        // Pay, then the orders.
        try await tmux.payWithTheApprovingCard()
        try tmux.send("Enter")
        try await tmux.waitFor("VALID · show this code at the door")
        try tmux.send("o")
        try await tmux.waitFor("x cancels it and refunds")
        let orders = try await Self.cycle(tmux, marker: "My orders", still: true)
        #expect(orders.contains("paid") && orders.contains("Jazz Night"), "\(orders)")
        try tmux.send("C-c")
        try await tmux.waitFor("exit status 0")

        // The seller's live dashboard of the same show.
        let seller = TmuxSession()
        defer { seller.kill() }
        try await seller.clientOnTheDemoList(port: server.port, email: DemoLoader.sellerEmail, width: 120, height: 40)
        try seller.send("s")
        let wide = try await seller.waitFor("the live dashboard", seconds: 20) {
            $0.contains("Tickets per minute") && $0.contains("Seats by grade")
        }
        #expect(wide.contains("Jazz Night"), "\(wide)")
        let dashboard = try await Self.cycle(seller, marker: "Tickets per minute", still: false)
        #expect(dashboard.contains("Seats by grade"), "\(dashboard)")
        try seller.send("C-c")
        try await seller.waitFor("exit status 0")
    }
}
