import ArgumentParser
import Foundation
import TicketingServer
import TicketingStorage

@main
struct QTicket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qticket",
        abstract: "QueueTicket terminal client.",
        subcommands: [Demo.self])
}

/// One command shows the product: an embedded server with the demo catalog on a fresh data directory.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start an embedded server with the demo catalog and print how to use it.")

    @Option(help: "Port for the embedded server (0 picks a free one).") var port: UInt16 = 8080
    @Option(help: "Assets directory holding catalog/ and halls/.") var assets: String = "Assets"
    @Option(help: "Data directory (default: a new temporary one).") var data: String?

    func run() async throws {
        let directory = data.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("qticket-demo-\(UUID().uuidString)")
        var config = ServerConfig(dataDirectory: directory)
        config.port = port
        config.paymentSandbox = true
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
        let base = "http://127.0.0.1:\(try await server.port())"
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
          curl -s \(base)/v1/performances
          curl -s -X POST \(base)/v1/auth/login -d '{"email":"\(DemoLoader.buyerEmail)","password":"\(DemoLoader.demoPassword)"}'

        Press Ctrl-C to stop.

        """
        FileHandle.standardOutput.write(Data(text.utf8))
        let signals = ShutdownSignals { await server.stop(timeout: 1) }
        try await server.wait()
        signals.cancel()
    }
}

