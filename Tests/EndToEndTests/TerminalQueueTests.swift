import Foundation
import Testing
import TerminalApp
import TerminalUI
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// The waiting room in the client against a real server: a place in line that moves by push,
/// admission by push, and the push channel coming back after the server does.
@Suite("Terminal client waiting room over real sockets")
struct TerminalQueueTests {
    typealias Driver = TerminalPurchaseTests.Driver

    /// A performance on the demo theatre that admits one buyer at a time.
    static func oneAtATime(_ server: TestServer) async throws -> PerformanceDTO {
        let seller = server.client()
        _ = try await seller.login(LoginRequest(email: DemoLoader.sellerEmail, password: DemoLoader.demoPassword))
        let theatre = try #require(try await seller.performances().performances.first { $0.venueName == "Seoul Arts Theatre" })
        let venue = try await seller.venue(theatre.venueId)
        return try await seller.createPerformance(CreatePerformanceRequest(
            venueId: venue.id, title: "One at a Time", startsAt: Date().addingTimeInterval(86_400),
            saleOpensAt: Date().addingTimeInterval(-60),
            grades: [GradeSpec(grade: "R", price: 50_000, seatIds: venue.layout.seats.map(\.id))],
            holdSeconds: 300, maxSeatsPerOrder: 2,
            admission: AdmissionSpec(ratePerSecond: 100, maxActive: 1, tokenTTLSeconds: 600)))
    }

    @Test(.timeLimit(.minutes(1)))
    func waitsInLineAndIsAdmittedByPush() async throws {
        let server = try await TerminalAppTests.demoServer()
        let show = try await Self.oneAtATime(server)
        let first = server.client()
        _ = try await first.signup(SignupRequest(email: "first@example.com", password: "long enough", name: "F",
                                                 role: "buyer"))
        var ahead = try await first.post("/v1/performances/\(show.id)/queue", as: QueueStatusDTO.self)
        for _ in 0..<50 where ahead.state != "admitted" {
            try await Task.sleep(for: .milliseconds(100))
            ahead = try await first.get("/v1/performances/\(show.id)/queue/me", as: QueueStatusDTO.self)
        }
        #expect(ahead.state == "admitted")

        let driver = Driver(server: server)
        let push = driver.executor.push
        defer { Task { await push?.stop(); await server.stop() } }
        await driver.send(.signedIn(try await TerminalPurchaseTests.login(server, DemoLoader.buyerEmail, driver)))
        driver.state.list.selected = try #require(driver.state.list.items.firstIndex { $0.id == show.id })
        await driver.send(.activate)
        try await driver.pump { $0.hall?.venue != nil }
        await driver.send(.activate)
        #expect(driver.state.route == .queue && driver.state.purchase?.queue?.state == "waiting")
        try await driver.pump { $0.purchase?.crowd != nil }
        let screen = Renderer.render(driver.state).text()
        #expect(screen.contains("You are number 1 in line") && screen.contains("0 people ahead of you"), "\(screen)")

        // The buyer in front leaves; the push admits this one and the map opens with the token.
        try await first.delete("/v1/performances/\(show.id)/queue/me")
        try await driver.pump { $0.route == .hall && $0.purchase?.isAdmitted == true }
        #expect(Keymaps.screen(for: driver.state) == Keymaps.hallAdmitted)
    }

    @Test(.timeLimit(.minutes(1)))
    func pushChannelSaysWhenItDropsAndComesBack() async throws {
        let server = try await TerminalAppTests.demoServer()
        let port = server.port
        let inbox = Inbox()
        let push = PushChannel(server: ServerAddress(host: "127.0.0.1", port: port), inbox: inbox)
        let auth = try await server.client().login(LoginRequest(email: DemoLoader.buyerEmail,
                                                                password: DemoLoader.demoPassword))
        await push.setToken(auth.token)
        defer { Task { await push.stop() } }
        var seen: [Intent] = []
        try await TerminalAppTests.waitUntil { seen += inbox.drain(); return seen.contains(.pushConnection(online: true)) }
        seen = []
        await server.stop()
        try await TerminalAppTests.waitUntil { seen += inbox.drain(); return seen.contains(.pushConnection(online: false)) }

        var config = ServerConfig(dataDirectory: server.dataDirectory)
        config.port = port
        config.logSink = .discard
        let again = try QueueTicketServer(config: config)
        try await again.start()
        defer { Task { await again.stop(timeout: 1) } }
        try await TerminalAppTests.waitUntil { seen += inbox.drain(); return seen.contains(.pushConnection(online: true)) }
    }
}
