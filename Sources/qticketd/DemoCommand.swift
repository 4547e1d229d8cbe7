import ArgumentParser
import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// `qticketd demo`: a server with the payment sandbox, the demo catalog and a crowd of simulated
/// buyers for the catalog's rush show. `qticket demo` runs it as a child (`--controlled`); run by
/// hand it serves until Ctrl-C and a client may join from another terminal.
struct DemoServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a demo server: payment sandbox, demo catalog and a rush of simulated buyers.")

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "TCP port; 0 picks a free one.") var port: UInt16 = 0
    @Option(help: "Data directory (default: a new temporary one, removed when the server stops).")
    var data: String?
    @Option(help: "Assets directory holding catalog/ and halls/ (default: found beside this program).")
    var assets: String?
    @Option(help: "Simulated buyers in the rush (0 for none).") var bots: Int = 5_000
    @Option(help: "Seconds from the rush's start to its sale opening.") var countdown: Double = 20
    @Option(help: "Seconds over which the crowd arrives.") var arrival: Double = 40
    @Flag(help: "Take commands on stdin (`rush` opens the rush; qticket demo sends it at login) and stop when stdin closes. Without it the rush opens at once.")
    var controlled = false

    func run() async throws {
        let located = try AssetsLocation.locate(explicit: assets)
        let temporary = data == nil
        let directory = try data.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Self.makeTemporaryDirectory()
        defer { if temporary { try? FileManager.default.removeItem(at: directory) } }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = DemoLog(file: directory.appendingPathComponent("qticketd.log"))

        var config = ServerConfig(dataDirectory: directory)
        config.host = host
        config.port = port
        config.paymentSandbox = true
        config.logSink = LogSink { log.append($0) }
        // The crowd signs up from this one loopback address at the speed of a rush; full-strength
        // hashing of thousands of sign-ups would starve the machine (hashes record their rounds,
        // so accounts made here still verify anywhere).
        config.passwordIterations = DemoCrowdSettings.passwordIterations
        config.rateLimits.perAddressSignup = RateLimit(burst: Double(bots + 100), perSecond: Double(max(bots, 1)))
        config.rateLimits.perAddressLogin = RateLimit(burst: 1_000, perSecond: 100)
        let server = try QueueTicketServer(config: config)
        let summary = try await DemoLoader.load(into: server.storage, assets: located, now: Date(),
                                                holdingBackRush: true)
        try await server.start()
        let boundPort = try await server.port()
        let ready = DemoReady(host: host, port: boundPort, dataDirectory: directory.path, logFile: log.file.path,
                              temporary: temporary, password: DemoLoader.demoPassword,
                              buyerEmail: DemoLoader.buyerEmail, sellerEmail: DemoLoader.sellerEmail)
        let director = await RushDirector(rush: summary.rush, storage: server.storage, port: boundPort, bots: bots,
                                    countdown: countdown, arrival: arrival, log: log)
        let signals = ShutdownSignals { await server.stop(timeout: 1) }
        defer { signals.cancel() }
        if controlled {
            // Crash traces and anything else on stderr belong in the log, not under the parent's UI.
            log.redirectStandardError()
            Self.say(DemoControl.readyPrefix + String(decoding: try WireJSON.encode(ready), as: UTF8.self))
            let commands = StandardInputLines.start()
            Task {
                for await line in commands where line.trimmingCharacters(in: .whitespaces) == DemoControl.rushCommand {
                    let opened = await director.open()
                    Self.say(DemoControl.rushPrefix + String(decoding: (try? WireJSON.encode(opened)) ?? Data("{}".utf8),
                                                             as: UTF8.self))
                }
                // The parent closed our input (it quit, or died): no orphan server.
                await server.stop(timeout: 1)
            }
        } else {
            let opened = await director.open()
            Self.say(DemoControl.readyPrefix + String(decoding: try WireJSON.encode(ready), as: UTF8.self))
            Self.say(Self.welcome(ready, summary: summary, rush: opened, bots: bots))
        }
        try await server.wait()
        await director.stop()
    }

    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A short path (`/tmp/qticket-demo-Ab3xYz`) so the log's path fits on one line of the login screen.
    static func makeTemporaryDirectory() throws -> URL {
        var template = Array((FileManager.default.temporaryDirectory.path + "/qticket-demo-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ArgumentParser.ValidationError("cannot create a temporary directory") }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    static func welcome(_ ready: DemoReady, summary: DemoLoader.Summary, rush: DemoRush, bots: Int) -> String {
        let base = "http://\(ready.host):\(ready.port)"
        var text = """
        QueueTicket demo server is running at \(base)   (logs: \(ready.logFile))

        Demo accounts (password "\(ready.password)"):
          buyer   \(ready.buyerEmail)
          seller  \(ready.sellerEmail)

        Performances:

        """
        var shows = summary.performances
        if let id = rush.performanceId, let title = rush.title, let opens = rush.saleOpensAt { shows.append((id, title, opens)) }
        for show in shows {
            text += "  \(show.id)  \(show.title)  (sale opens \(show.saleOpensAt.formatted(date: .omitted, time: .standard)))\n"
        }
        text += """

        Try:
          qticket --server \(base)
          curl -s \(base)/v1/performances

        \(rush.title.map { "\(bots) simulated buyers are rushing \($0).\n" } ?? "")Press Ctrl-C to stop.
        """
        return text
    }
}

enum DemoCrowdSettings {
    static let passwordIterations = 1_000
}
