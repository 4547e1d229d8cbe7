import Dispatch
import Foundation
import TerminalCurses
import TerminalUI
import TicketingClient
import TicketingProtocol

/// The terminal client wired up: curses on a thread of its own, effects on the concurrency
/// pool, the connection monitor alongside, and signals turned into a clean quit.
public struct TerminalApp: Sendable {
    public let server: ServerAddress
    /// A line under the login form (the demo lists its accounts there).
    public let loginHint: String?
    /// Where the seller's venue picker looks for `.hall` files.
    public let hallsDirectory: URL
    /// Called once a log-in or sign-up succeeds, before the performance list loads.
    public let onSignIn: (@Sendable (UserDTO) async -> Void)?
    /// Colour and theme, from `NO_COLOR` and `--theme` ("high-contrast").
    public let display: DisplayOptions
    /// English or Korean, from `--lang` or `LC_ALL`/`LANG`.
    public let language: Language

    public init(server: ServerAddress, loginHint: String? = nil,
                hallsDirectory: URL = URL(fileURLWithPath: "Assets/halls", isDirectory: true),
                theme: String? = nil, language: String? = nil,
                onSignIn: (@Sendable (UserDTO) async -> Void)? = nil) {
        self.server = server
        self.loginHint = loginHint
        self.hallsDirectory = hallsDirectory
        self.onSignIn = onSignIn
        display = DisplayOptions.from(environment: ProcessInfo.processInfo.environment, theme: theme)
        self.language = Language.from(environment: ProcessInfo.processInfo.environment, flag: language)
    }

    /// The demo's accounts and log under the login form, in the screens' language (`--lang`,
    /// else `LC_ALL`/`LANG`).
    public static func demoHint(password: String, buyerEmail: String, sellerEmail: String, logFile: String,
                                language flag: String?) -> String {
        let lang = Language.from(environment: ProcessInfo.processInfo.environment, flag: flag)
        return lang.text("Demo accounts (password {0}):", password) + "\n  "
            + lang.text("buyer {0} · seller {1}", buyerEmail, sellerEmail) + "\n"
            + lang.text("Server log: {0}", logFile)
    }

    /// Runs until the user quits or a SIGINT/SIGTERM/SIGHUP arrives; the terminal is restored
    /// before this returns or throws.
    public func run() async throws {
        let inbox = Inbox()
        let monitor = ConnectionMonitor(server: server, inbox: inbox)
        let push = PushChannel(server: server, inbox: inbox)
        let executor = EffectExecutor(api: APIClient(host: server.host, port: server.port, timeout: 15),
                                      monitor: monitor, push: push, language: language, hallsDirectory: hallsDirectory,
                                      onSignIn: onSignIn)
        let signals = SignalWatcher { inbox.post(.quit) }
        await monitor.start()
        defer { signals.cancel() }
        let label = server.description
        let hint = loginHint
        let display = display
        let language = language
        // Curses calls block (a key read waits up to 50 ms) and must all come from one thread,
        // so the loop gets a thread of its own rather than a slot in the cooperative pool.
        let result: Result<Void, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    let loop = try UILoop(server: label, loginHint: hint, display: display, language: language, inbox: inbox,
                                          executor: executor)
                    loop.run()
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "qticket-ui"
            thread.start()
        }
        await push.stop()
        await monitor.stop()
        try result.get()
    }
}

/// SIGINT, SIGTERM and SIGHUP → one callback, instead of dying with the terminal in raw mode.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
