import ArgumentParser
import Foundation
import TicketingServer
import TransportFuzz

/// `qticket-fuzz`: hostile HTTP and WebSocket traffic against a live server on 127.0.0.1.
@main
struct FuzzCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qticket-fuzz",
        abstract: "Send seeded malformed, oversized and slow requests and WebSocket frames to a qticketd on 127.0.0.1.")

    @Option(help: "Number of cases.") var cases = 10_000
    @Option(help: "Seed; a seed and case index always make the same case.") var seed: UInt64 = 1
    @Option(help: "Stop after this many seconds even if cases remain.") var timeLimit: Double = 600
    @Option(help: "Parallel connections sending cases.") var workers = 2
    @Option(help: "Cases between /health checks.") var batch = 50
    @Option(help: "A running server, e.g. http://127.0.0.1:8080 (default: start one in this process).") var server: String?
    @Option(help: "With --server: the server's process id, for its peak RSS.") var pid: Int32?
    @Option(help: "Replay only this case index.") var onlyCase: Int?

    func run() async throws {
        var port: UInt16
        var inProcess: QueueTicketServer?
        if let server {
            guard let url = URL(string: server), url.host == "127.0.0.1" || url.host == "localhost", let given = url.port else {
                throw ValidationError("--server must be http://127.0.0.1:PORT: fuzz traffic stays on this machine")
            }
            port = UInt16(given)
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-fuzz-\(UUID().uuidString)")
            var config = ServerConfig(dataDirectory: directory)
            config.port = 0
            config.logSink = .discard
            config.passwordIterations = 1_000
            config.paymentSandbox = true
            // Short head deadline so the slowloris connections are seen being cut within the run.
            config.transport.headTimeout = .seconds(2)
            let started = try QueueTicketServer(config: config)
            try await started.start()
            port = try await started.port()
            inProcess = started
            print("in-process server on 127.0.0.1:\(port) (data \(directory.path))")
        }
        var options = FuzzRunner.Options(port: port)
        options.cases = cases
        options.seed = seed
        options.timeLimit = timeLimit
        options.workers = max(1, workers)
        options.batch = max(1, batch)
        options.serverPID = pid
        options.onlyCase = onlyCase
        let runner = FuzzRunner(options: options)
        // The runner blocks on sockets: a thread of its own, off the cooperative pool.
        let report = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: runner.run()) }
        }
        print("seed \(seed)\n" + report.summary)
        if let inProcess { await inProcess.stop(timeout: 2) }
        if report.crashes > 0 || report.serverFaults > 0 || report.nonJSONErrors > 0 || report.stalled > 0 || report.webSocketUnexpected > 0 {
            throw ExitCode(1)
        }
    }
}
