import Synchronization
import Foundation
import TerminalCurses
import TerminalUI
import TicketingClient
import TicketingProtocol

/// `qticket checkin`: the door screen on its own curses loop (the buyer app's keymaps would
/// read a scanner's letters as commands).
public struct DoorApp: Sendable {
    public let server: ServerAddress
    public let performanceId: String
    public let email: String
    public let password: String
    public let gate: String?
    public let spool: URL?

    /// `--lang`; nil follows `LC_ALL`/`LANG`.
    public let language: String?

    public init(server: ServerAddress, performanceId: String, email: String, password: String, gate: String?,
                spool: URL?, language: String? = nil) {
        self.language = language
        self.server = server
        self.performanceId = performanceId
        self.email = email
        self.password = password
        self.gate = gate
        self.spool = spool
    }

    /// Logs in (failing before the screen opens), then runs until Ctrl-C or a signal.
    public func run() async throws {
        let api = APIClient(host: server.host, port: server.port, timeout: 5)
        _ = try await api.login(LoginRequest(email: email, password: password))
        let language = Language.from(environment: ProcessInfo.processInfo.environment, flag: self.language)
        let desk = DoorDesk(api: api, performanceId: performanceId, gate: gate, spool: spool, language: language)
        let inbox = DoorInbox()
        let signals = SignalWatcher { inbox.post([.quit]) }
        defer { signals.cancel() }
        inbox.post(await desk.start(now: Date()))
        let label = server.description
        let (performanceId, gate) = (performanceId, gate)
        let result: Result<Void, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    let terminal = try CursesTerminal()
                    defer { terminal.close() }
                    var state = DoorState(size: terminal.size, now: Date(), timeZone: .current, server: label,
                                          performanceId: performanceId, gate: gate)
                    state.language = language
                    DoorLoop.run(terminal: terminal, state: &state, inbox: inbox, desk: desk)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "qticket-door"
            thread.start()
        }
        try result.get()
    }
}

enum DoorLoop {
    static func run(terminal: CursesTerminal, state: inout DoorState, inbox: DoorInbox, desk: DoorDesk) {
        terminal.paint(DoorScreen.render(state))
        var lastSecond = Int(Date().timeIntervalSince1970)
        var running = true
        func apply(_ intent: DoorIntent) {
            let (next, effects) = DoorReducer.reduce(state, intent)
            state = next
            for effect in effects {
                if effect == .quit {
                    running = false
                    return
                }
                Task { inbox.post(await desk.perform(effect)) }
            }
        }
        while running {
            var events: [InputEvent] = []
            var event = terminal.readEvent(timeoutMilliseconds: 50)
            // A scanner types a whole code in one burst: take all of it before painting.
            while let current = event, events.count < 4_096 {
                events.append(current)
                event = terminal.readEvent(timeoutMilliseconds: 0)
            }
            var intents = events.compactMap(DoorReducer.intent(for:))
            intents += inbox.drain()
            let now = Date()
            if Int(now.timeIntervalSince1970) != lastSecond {
                lastSecond = Int(now.timeIntervalSince1970)
                intents.append(.tick(now))
            }
            for intent in intents where running { apply(intent) }
            if running, !intents.isEmpty { terminal.paint(DoorScreen.render(state)) }
        }
    }
}

/// Answers from the desk, picked up by the UI thread between key reads.
final class DoorInbox: Sendable {
    private let queue = Mutex<[DoorIntent]>([])

    func post(_ intents: [DoorIntent]) {
        queue.withLock { $0 += intents }
    }

    func drain() -> [DoorIntent] {
        queue.withLock { queue in
            defer { queue = [] }
            return queue
        }
    }
}
