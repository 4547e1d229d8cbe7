import Foundation
import Testing
import TerminalApp
import TerminalUI
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// The terminal client's runner against a real server: effects answered with intents, those
/// intents folded into screens, and the connection monitor across a server restart.
@Suite("Terminal client runner over real sockets")
struct TerminalAppTests {
    static func demoServer() async throws -> TestServer {
        let server = try await TestServer.start()
        _ = try await DemoLoader.load(into: server.server.storage, assets: TestServer.assetsDirectory, now: Date(),
                                      hasher: PasswordHasher(iterations: 1_000))
        return server
    }

    @Test func effectsBecomeIntentsThatDrawTheScreens() async throws {
        let server = try await Self.demoServer()
        defer { Task { await server.stop() } }
        let executor = EffectExecutor(api: server.client(), monitor: nil)
        var state = AppState(size: Size(width: 100, height: 30), now: Date(), timeZone: .current,
                             server: "http://127.0.0.1:\(server.port)")

        func run(_ effects: [Effect]) async {
            for effect in effects {
                for intent in await executor.perform(effect) {
                    let (next, more) = Reducer.reduce(state, intent)
                    state = next
                    await run(more)
                }
            }
        }

        await run([.logIn(email: DemoLoader.buyerEmail, password: DemoLoader.demoPassword)])
        #expect(state.session?.email == DemoLoader.buyerEmail)
        // The four on sale and the past gala of the demo's settlement history.
        #expect(state.route == .performances && state.list.items.count == 5)
        #expect(Renderer.render(state).text().contains("아이유 콘서트 2026"))

        let theatre = try #require(state.list.items.firstIndex { $0.venueName == "Seoul Arts Theatre" })
        state.list.selected = theatre
        let (opened, effects) = Reducer.reduce(state, .activate)
        state = opened
        await run(effects)
        let hall = try #require(state.hall)
        #expect(hall.venue?.layout.seats.count == 200 && hall.map.seats.count == 200)
        #expect(hall.cursorSeat?.state == .available)
        let screen = Renderer.render(state).text()
        #expect(screen.contains("Seoul Arts Theatre · hall map") && screen.contains("STAGE"))
        #expect(screen.contains("200 of 200 available"))
    }

    @Test func serverErrorsAreWordedForTheStatusBar() async throws {
        let server = try await Self.demoServer()
        defer { Task { await server.stop() } }
        let executor = EffectExecutor(api: server.client(), monitor: nil)
        #expect(await executor.perform(.logIn(email: DemoLoader.buyerEmail, password: "not-the-password"))
            == [.failed(.auth, message: "Wrong email or password.")])
        #expect(await executor.perform(.signUp(email: DemoLoader.buyerEmail, password: "long enough", name: "Again",
                                               role: "buyer"))
            == [.failed(.auth, message: "That email already has an account — switch to Log in.")])
        #expect(await executor.perform(.loadSeats(performanceId: "prf_missing"))
            == [.failed(.seats, message: "This performance is gone from the server.")])
    }

    /// In Korean the same failures come from the catalog by their error code.
    @Test func serverErrorsInKorean() async throws {
        let server = try await Self.demoServer()
        defer { Task { await server.stop() } }
        let executor = EffectExecutor(api: server.client(), monitor: nil, language: .ko)
        #expect(await executor.perform(.logIn(email: DemoLoader.buyerEmail, password: "not-the-password"))
            == [.failed(.auth, message: "이메일 또는 비밀번호가 틀렸습니다.")])
        #expect(await executor.perform(.loadSeats(performanceId: "prf_missing"))
            == [.failed(.seats, message: "이 공연은 서버에서 사라졌습니다.")])
        // A hold without an admission: the catalog's words, not the server's English.
        let intents = await executor.perform(.hold(performanceId: "prf_missing", token: "adm_none", seatIds: ["x"],
                                                   grade: nil, count: nil))
        guard case .failed(_, let message)? = intents.first else {
            Issue.record("no failure: \(intents)")
            return
        }
        #expect(message.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }, "\(message)")
    }

    /// A refused form lists the server's problems worded from their codes: Korean from the
    /// catalog, the same English the server sends, and the server's own text for a code the
    /// client does not know.
    @Test func refusedFormsListTheServersProblemsInTheScreensLanguage() async throws {
        let server = try await Self.demoServer()
        defer { Task { await server.stop() } }
        let broken = VenueLayout(width: 0, height: 10, stage: Rect(x: 0, y: 0, width: 2, height: 1), seats: [])
        for (language, expected) in [
            (Language.ko, ["이름은 1자에서 200자 사이여야 합니다", "배치도 가로는 1칸 이상이어야 합니다 (입력: 0)",
                           "공연장에 좌석이 없습니다"]),
            (Language.en, ["name must be 1 to 200 characters", "the map width must be at least 1 cell (got 0)",
                           "the venue has no seats"]),
        ] {
            let executor = EffectExecutor(api: server.client(), monitor: nil, language: language)
            _ = await executor.perform(.logIn(email: DemoLoader.sellerEmail, password: DemoLoader.demoPassword))
            #expect(await executor.perform(.createVenue(name: " ", layout: broken))
                == [.rejected(.createVenue, problems: expected)])
        }
        let newer = ErrorBody(code: .badRequest, message: "m", problems: ["from a newer server"], problemDetails: [
            ProblemDetail(code: "hall_from_the_future", message: "from a newer server"),
        ])
        #expect(Language.ko.problems(of: newer) == ["from a newer server"])
    }

    /// The monitor notices a dead server from a failed request, retries with backoff, and says
    /// so when a server answers again on the same address.
    @Test(.timeLimit(.minutes(1)))
    func reconnectsAfterTheServerComesBack() async throws {
        let first = try await TestServer.start()
        let port = first.port
        let inbox = Inbox()
        let monitor = ConnectionMonitor(server: ServerAddress(host: "127.0.0.1", port: port), inbox: inbox)
        let executor = EffectExecutor(api: first.client(), monitor: monitor)
        await monitor.start()
        defer { Task { await monitor.stop() } }
        await first.stop()

        #expect(await executor.perform(.loadPerformances)
            == [.failed(.performances, message: "Cannot reach the server — reconnecting…")])
        var seen: [Intent] = []
        try await Self.waitUntil { seen += inbox.drain(); return seen.contains(where: Self.isReconnecting) }
        #expect(!seen.contains(.connection(.online)))

        var config = ServerConfig(dataDirectory: first.dataDirectory)
        config.port = port
        config.logSink = .discard
        let second = try QueueTicketServer(config: config)
        try await second.start()
        defer { Task { await second.stop(timeout: 1) } }
        try await Self.waitUntil { seen += inbox.drain(); return seen.contains(.connection(.online)) }
        let attempts = seen.compactMap { intent -> Int? in
            if case .connection(.reconnecting(let attempt, _)) = intent { return attempt }
            return nil
        }
        #expect(attempts == Array(1...attempts.count))
    }

    static func isReconnecting(_ intent: Intent) -> Bool {
        if case .connection(.reconnecting) = intent { return true }
        return false
    }

    /// Generous: a full parallel run on a shared two-core machine can take many seconds to
    /// schedule a probe; the wait ends as soon as the condition holds.
    static func waitUntil(seconds: Double = 45, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("condition not met within \(seconds) s")
    }

    @Test func serverArgumentForms() {
        #expect(ServerAddress(parsing: "http://127.0.0.1:8080") == ServerAddress(host: "127.0.0.1", port: 8080))
        #expect(ServerAddress(parsing: "http://tickets.local/") == ServerAddress(host: "tickets.local", port: 80))
        #expect(ServerAddress(parsing: "localhost:9000") == ServerAddress(host: "localhost", port: 9000))
        #expect(ServerAddress(parsing: "https://tickets.example") == nil)
        #expect(ServerAddress(parsing: "http://host:99999") == nil)
        #expect(ServerAddress(parsing: "http://:80") == nil)
    }

    @Test func backoffDoublesToACapWithJitterInTheUpperHalf() {
        #expect(ReconnectBackoff.delay(attempt: 1, random: 0) == 0.25)
        #expect(ReconnectBackoff.delay(attempt: 1, random: 1) == 0.5)
        #expect(ReconnectBackoff.delay(attempt: 3, random: 1) == 2)
        #expect(ReconnectBackoff.delay(attempt: 30, random: 1) == ReconnectBackoff.cap)
        #expect(ReconnectBackoff.delay(attempt: 30, random: 0) == ReconnectBackoff.cap / 2)
    }
}
