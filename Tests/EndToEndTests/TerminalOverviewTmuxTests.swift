import Foundation
import Testing
import TerminalUI
import TicketingServer

/// The hall overview in a real terminal: zoom into a section, hold its best seats, pay; and a
/// window resized while a screen is up.
@Suite("Terminal hall overview in tmux", .enabled(if: TmuxSession.available && TmuxSession.qticket != nil))
struct TerminalOverviewTmuxTests {
    @Test(.timeLimit(.minutes(2)))
    func zoomIntoASectionHoldItsBestSeatsAndPay() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try await tmux.clientOnTheDemoList(port: server.port, width: 100, height: 30)

        // Jazz Night's hall is taller than the window: it opens on the overview, stalls picked.
        try tmux.send("Enter")
        // One capture may catch curses halfway through painting a frame (the title out, the map
        // not yet): wait for the whole overview, and fail with the screen if it never comes.
        try await tmux.waitFor("the overview with the stage and both sections") {
            $0.contains("Lotte Concert Hall · overview") && $0.contains("STAGE") && $0.contains("BALCONY")
                && $0.contains("STALLS")
        }
        try await tmux.waitFor("STALLS · ")
        try tmux.send("j")
        try await tmux.waitFor("BALCONY · ")
        try tmux.send("Enter")
        let zoomed = try await tmux.waitFor("Lotte Concert Hall · hall map")
        #expect(zoomed.contains("BALCONY"), "the cursor sits in the balcony")
        try tmux.send("Enter")
        try await tmux.waitFor("Enter hold · b best")
        // Admitted at seat level in the balcony: b holds the best seats there.
        try tmux.send("b")
        let checkout = try await tmux.waitFor("Held for you")
        #expect(checkout.contains("BALCONY") && !checkout.contains("STALLS"), "\(checkout)")
        try await tmux.payWithTheApprovingCard()
        try tmux.send("C-c")
        try await tmux.waitFor("exit status 0")
    }

    /// "Best N in this section" from the overview itself: pick the balcony, b joins the line,
    /// the turn holds the balcony's best seats, and the buyer pays, never zooming in.
    @Test(.timeLimit(.minutes(2)))
    func bOnTheOverviewHoldsThePickedSectionAndPays() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try await tmux.clientOnTheDemoList(port: server.port, width: 100, height: 30)
        try tmux.send("Enter")
        try await tmux.waitFor("the overview with its keys") {
            $0.contains("Lotte Concert Hall · overview") && $0.contains("b best · Enter zoom")
        }
        try tmux.send("j")
        try await tmux.waitFor("BALCONY · ")
        try tmux.send("b")
        let checkout = try await tmux.waitFor("Held for you")
        #expect(checkout.contains("BALCONY") && !checkout.contains("STALLS"), "\(checkout)")
        try await tmux.payWithTheApprovingCard()
        try tmux.send("C-c")
        try await tmux.waitFor("exit status 0")
    }

    @Test(.timeLimit(.minutes(1)))
    func resizingMidScreenRedraws() async throws {
        let server = try await TerminalAppTests.demoServer()
        defer { Task { await server.stop() } }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try await tmux.clientOnTheDemoList(port: server.port, width: 120, height: 40)
        try tmux.send("Enter")
        // 52 rows do not fit 40: the overview, with its list of sections beside it.
        try await tmux.waitFor("Lotte Concert Hall · overview")
        try await tmux.waitFor("Sections")
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "80", "-y", "24"])
        let small = try await tmux.waitFor("redrawn at 80x24") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return screen.contains("overview") && !screen.contains("Sections")
                && lines.contains { $0.hasSuffix("┐") && DisplayWidth.of($0) == 80 }
        }
        #expect(small.contains("BALCONY") || small.contains("STALLS"))
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "70", "-y", "20"])
        try await tmux.waitFor("Terminal too small")
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "120", "-y", "40"])
        try await tmux.waitFor("side panel back") { $0.contains("Sections") && !$0.contains("Terminal too small") }
        try tmux.send("C-c")
        try await tmux.waitFor("exit status 0")
    }
}
