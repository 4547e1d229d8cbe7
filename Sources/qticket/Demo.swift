import ArgumentParser
import Foundation
import TerminalApp
import TicketingServer
import TicketingStorage

/// One command shows the product: an embedded server with the demo catalog on a fresh data
/// directory, and the terminal client on it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start an embedded server with the demo catalog and open the terminal client on it.")

    @Option(help: "Port for the embedded server (0 picks a free one).") var port: UInt16 = 8080
    @Option(help: "Assets directory holding catalog/ and halls/.") var assets: String = "Assets"
    @Option(help: "Data directory (default: a new temporary one).") var data: String?
    @Option(help: "Simulated buyers rushing the arena show when its sale opens (0 for none).")
    var bots: Int = 150
    @Flag(help: "Only run the server and print how to reach it (the default when not on a terminal).")
    var headless = false

    func run() async throws {
        let directory = data.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("qticket-demo-\(UUID().uuidString)")
        var config = ServerConfig(dataDirectory: directory)
        config.port = port
        config.paymentSandbox = true
        // Full-strength hashing of a crowd's sign-ups would starve the machine the demo runs on;
        // hashes record their rounds, so accounts made here still verify anywhere.
        if bots > 0 { config.passwordIterations = DemoCrowd.passwordIterations }
        config.logSink = LogSink { line in
            let log = directory.appendingPathComponent("qticketd.log")
            if let handle = try? FileHandle(forWritingTo: log) {
                handle.seekToEndOfFile()
                handle.write(Data((line + "\n").utf8))
                try? handle.close()
            } else {
                try? Data((line + "\n").utf8).write(to: log)
            }
        }
        let server = try QueueTicketServer(config: config)
        let summary = try await DemoLoader.load(into: server.storage,
                                                assets: URL(fileURLWithPath: assets, isDirectory: true), now: Date())
        try await server.start()
        let port = try await server.port()
        // The show whose sale opens seconds after start: the crowd is already in line then.
        let rushed = summary.performances.filter { $0.saleOpensAt > Date() }.min { $0.saleOpensAt < $1.saleOpensAt }
        let crowd = rushed.map { DemoCrowd.start(port: port, performanceId: $0.id, bots: bots) }
        defer { crowd?.cancel() }
        if headless || isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            try await serveHeadless(server, port: port, directory: directory, summary: summary,
                                    rushed: rushed?.title)
            return
        }
        let hint = "Demo accounts (password \(DemoLoader.demoPassword)):\n  buyer   \(DemoLoader.buyerEmail)\n"
            + "  seller  \(DemoLoader.sellerEmail)\nServer log: \(directory.path)/qticketd.log"
        do {
            let halls = URL(fileURLWithPath: assets, isDirectory: true).appendingPathComponent("halls", isDirectory: true)
            try await TerminalApp(server: ServerAddress(host: "127.0.0.1", port: port), loginHint: hint,
                                  hallsDirectory: halls).run()
        } catch {
            await server.stop(timeout: 1)
            throw error
        }
        await server.stop(timeout: 1)
    }

    private func serveHeadless(_ server: QueueTicketServer, port: UInt16, directory: URL,
                               summary: DemoLoader.Summary, rushed: String?) async throws {
        let base = "http://127.0.0.1:\(port)"
        var text = """
        QueueTicket demo server is running at \(base)   (logs: \(directory.path)/qticketd.log)

        Demo accounts (password "\(DemoLoader.demoPassword)"):
          buyer   \(DemoLoader.buyerEmail)
          seller  \(DemoLoader.sellerEmail)

        Performances:

        """
        for show in summary.performances {
            text += "  \(show.id)  \(show.title)  (sale opens \(show.saleOpensAt.formatted(date: .omitted, time: .standard)))\n"
        }
        text += """

        Try:
          qticket --server \(base)
          curl -s \(base)/v1/performances
          curl -s -X POST \(base)/v1/auth/login -d '{"email":"\(DemoLoader.buyerEmail)","password":"\(DemoLoader.demoPassword)"}'

        \(rushed.map { "\(bots) simulated buyers are rushing \($0).\n" } ?? "")
        Press Ctrl-C to stop.

        """
        FileHandle.standardOutput.write(Data(text.utf8))
        let signals = ShutdownSignals { await server.stop(timeout: 1) }
        try await server.wait()
        signals.cancel()
    }
}
