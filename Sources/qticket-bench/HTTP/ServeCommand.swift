import ArgumentParser
import Foundation
import TicketingServer

/// Both servers of the http benchmark in a process of their own (`http --server-process`), so the
/// load generator's CPU is not theirs and their CPU time per request can be read from /proc.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the benchmark's QueueTicketServer and FlyingFox baseline (used by http --server-process).",
        shouldDisplay: false)

    @Option(help: "Data directory of the QueueTicketServer.") var data: String

    func run() async throws {
        let baseline = try await BaselineServer.start()
        let server = try QueueTicketServer(config: BenchServer.config(dataDirectory: URL(fileURLWithPath: data)))
        try await server.start()
        let lines = "qticketd listening on http://127.0.0.1:\(try await server.port())\n"
            + "baseline listening on http://127.0.0.1:\(baseline.port)\n"
        FileHandle.standardOutput.write(Data(lines.utf8))
        try await server.wait()
    }
}
