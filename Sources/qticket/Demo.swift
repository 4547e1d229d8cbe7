import ArgumentParser
import Foundation
import TerminalApp
import TicketingDomain
import TicketingProtocol

/// One command shows the product: `qticketd demo` as a child process (payment sandbox, demo
/// catalog, a crowd for the rush show) and the terminal client on it, as a user runs the two.
/// The rush's sale opens on a short countdown once someone logs in; the server stops with us.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start qticketd with the demo catalog and a crowd, and open the terminal client on it.")

    @Option(help: "Port for the demo server (0 picks a free one).") var port: UInt16 = 0
    @Option(help: "Assets directory holding catalog/ and halls/ (default: found beside this program).")
    var assets: String?
    @Option(help: "Data directory, kept afterwards (default: a temporary one, removed on exit).") var data: String?
    @Option(help: "Simulated buyers in the rush (0 for none).") var bots: Int = 5_000
    @Option(help: "Seconds from your login to the rush's sale opening.") var countdown: Double = 20
    @Option(help: "Seconds over which the crowd arrives, from your login.") var arrival: Double = 40
    @Option(help: "The qticketd to run (default: the one beside qticket, else on PATH).") var qticketd: String?
    @Flag(help: "Only run the server and print how to reach it (the default when not on a terminal).")
    var headless = false
    @Option(help: "Colour theme: standard or high-contrast (F2 switches while running; NO_COLOR turns colour off).")
    var theme: String?
    @Option(help: "Language of the screens: en or ko (default: from LC_ALL / LANG).")
    var lang: String?

    func validate() throws {
        if let lang, !["en", "ko"].contains(lang.lowercased()) {
            throw ArgumentParser.ValidationError("--lang must be en or ko, got \(lang)")
        }
        if let theme, !["standard", "high-contrast"].contains(theme) {
            throw ArgumentParser.ValidationError("--theme must be standard or high-contrast, got \(theme)")
        }
    }

    func run() async throws {
        let me = AssetsLocation.currentExecutable
        guard let server = ServerChild.locate(explicit: qticketd, executable: me) else {
            throw DemoError("qticketd was found neither beside \(me.path) nor on PATH; build it (swift build --product qticketd) or pass --qticketd PATH.")
        }
        let assetsDirectory = try AssetsLocation.locate(explicit: assets)
        var arguments = ["demo", "--port", "\(port)", "--assets", assetsDirectory.path, "--bots", "\(bots)",
                         "--countdown", "\(countdown)", "--arrival", "\(arrival)"]
        if let data { arguments += ["--data", data] }
        if headless || isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            // Nothing to drive: become the server, so Ctrl-C and the exit status are its own.
            try Self.exec(server, arguments)
        }
        // A server that died must not take us with it when we next write to its input.
        signal(SIGPIPE, SIG_IGN)
        let child = try ServerChild(executable: server, arguments: arguments + ["--controlled"])
        guard let readyLine = await child.line(startingWith: DemoControl.readyPrefix, within: 180),
              let ready = try? WireJSON.decode(DemoReady.self, from: Data(readyLine.utf8)) else {
            _ = await child.stop()
            throw DemoError("qticketd demo did not start:\n\(child.transcript)")
        }
        let hint = TerminalApp.demoHint(password: ready.password, buyerEmail: ready.buyerEmail,
                                        sellerEmail: ready.sellerEmail, logFile: ready.logFile, language: lang)
        let rushTimeout = 10.0
        let app = TerminalApp(
            server: ServerAddress(host: "127.0.0.1", port: ready.port), loginHint: hint,
            hallsDirectory: assetsDirectory.appendingPathComponent("halls", isDirectory: true),
            theme: theme, language: lang,
            onSignIn: { _ in
                // The first login opens the rush; waiting for the answer puts it in the list
                // that loads next. Later logins get the same show back at once.
                child.send(DemoControl.rushCommand)
                _ = await child.line(startingWith: DemoControl.rushPrefix, within: rushTimeout)
            })
        let outcome: Result<Void, any Error>
        do {
            try await app.run()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        _ = await child.stop()
        // The server removes a temporary directory itself; this covers a server that had to be killed.
        if ready.temporary { try? FileManager.default.removeItem(atPath: ready.dataDirectory) }
        try outcome.get()
    }

    private static func exec(_ program: String, _ arguments: [String]) throws -> Never {
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        execv(program, argv)
        throw DemoError("cannot run \(program): \(String(cString: strerror(errno)))")
    }
}
