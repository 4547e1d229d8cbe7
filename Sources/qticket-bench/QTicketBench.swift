import ArgumentParser
import Histogram

@main
struct QTicketBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qticket-bench",
        abstract: "QueueTicket benchmarks: domain micro-benchmarks, HTTP throughput and WebSocket fan-out.",
        subcommands: [Micro.self, HTTPBench.self, WSBench.self, RushBench.self, RushWorker.self, ClaimsBench.self, BaselinesBench.self, Serve.self])
}
