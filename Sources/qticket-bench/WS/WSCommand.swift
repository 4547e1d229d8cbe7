import ArgumentParser
import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol

struct WSBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ws",
        abstract: "N waiting buyers subscribed over WebSocket to a qticketd child process: memory and push waves.")

    @Option(help: "Subscribers (each a waiting buyer with its own socket).") var subscribers = 10_000
    @Option(help: "Push waves: the head of the line leaves, everyone behind must hear it.") var waves = 5
    @Option(help: "The server binary, run as a child process.") var server = ".build/release/qticketd"
    @Option(help: "Hall of the performance.") var hall = "Assets/halls/arena.hall"
    @Option(help: "Threads of the load generator reading the subscribers' sockets (epoll each).")
    var listenerThreads = 2

    func run() async throws {
        let limit = FileLimits.raise(atLeast: subscribers + 4_096)
        guard limit > subscribers + 256 else {
            throw BenchError("RLIMIT_NOFILE is \(limit); \(subscribers) sockets need more (raise the hard limit)")
        }
        note("machine: \(Machine.summary)")
        let directory = BenchServer.temporaryDirectory("ws")
        defer { try? FileManager.default.removeItem(at: directory) }

        // Setup in-process (cheap password hashing), then the same data directory serves the child.
        let setup = try await BenchServer.start(dataDirectory: directory)
        let show = try await setup.performance(hall: try Hall.load(path: hall), title: "WS bench", rate: 0.0001,
                                               maxActive: 1)
        note("signing up and queueing \(subscribers) buyers (setup, not measured)")
        let buyers = try await setup.signUpBuyers(subscribers, tag: "ws")
        try await joinAll(buyers, server: setup, performanceId: show.id)
        await setup.stop()

        let child = try await ChildServer.start(binary: server, arguments: ["--port", "0", "--data", directory.path])
        do {
            try await measure(child: child, buyers: buyers, performanceId: show.id)
        } catch {
            await child.stop()
            throw error
        }
        await child.stop()
    }

    private func joinAll(_ buyers: [Buyer], server: BenchServer, performanceId: String) async throws {
        let lanes = 16
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<lanes {
                let slice = stride(from: lane, to: buyers.count, by: lanes).map { buyers[$0] }
                group.addTask { _ = try await server.join(slice, performanceId: performanceId) }
            }
            try await group.waitForAll()
        }
    }

    private func measure(child: ChildServer, buyers: [Buyer], performanceId: String) async throws {
        let http = HTTPClient(host: "127.0.0.1", port: child.port, timeout: 60)
        let stats = try await http.send(BenchRequests.get("/v1/performances/\(performanceId)/queue"))
        let waiting = (try? WireJSON.decode(QueueStatsDTO.self, from: stats.body).waiting) ?? -1
        try await Task.sleep(for: .seconds(1))
        let before = child.rss
        note("server RSS with \(waiting) waiting, no sockets: \(Format.mb(before)); connecting \(buyers.count) sockets")
        let started = ContinuousClock.now
        let subscribers = try await WaveSocket.connectAll(buyers, port: child.port, performanceId: performanceId)
        let connectTime = ContinuousClock.now - started
        try await Task.sleep(for: .seconds(2))
        let after = child.rss

        var memory = Table("qticketd (child process) memory with \(Format.int(subscribers.count)) queue subscribers",
                           columns: ["measure", "value"])
        memory.add(["waiting buyers (restored from the journal)", Format.int(waiting)])
        memory.add(["VmRSS before sockets", Format.mb(before)])
        memory.add(["VmRSS with every socket subscribed", Format.mb(after)])
        memory.add(["per subscribed socket", Format.number(Double(after - before) / Double(subscribers.count)) + " B"])
        memory.add(["connect + subscribe + first status, all sockets", String(format: "%.1f s", connectTime.seconds)])
        memory.print()

        let listener = WaveListener(subscribers, threads: listenerThreads)
        let arrivals = listener.arrivals
        listener.start()
        let byAhead = Dictionary(subscribers.map { ($0.initialAhead, $0) }, uniquingKeysWith: { a, _ in a })
        var table = Table("Push waves: the head of the line leaves (DELETE queue/me); every buyer behind gets queue.status",
                          columns: ["wave", "subscribers", "first ms", "p50 ms", "p99 ms", "all received ms",
                                    "spread ms", "server CPU ms"])
        for wave in 1...waves {
            guard let leaver = byAhead[wave - 1] else { break }
            let expected = subscribers.filter { $0.initialAhead >= wave }.count
            try await Task.sleep(for: .milliseconds(1_500))
            let cpu0 = child.cpuTime
            let t0 = ContinuousClock.now
            var leave = BenchRequests.get("/v1/performances/\(performanceId)/queue/me")
            leave.method = "DELETE"
            leave.headers["Authorization"] = "Bearer \(leaver.token)"
            let response = try await http.send(leave)
            guard response.status == 204 else { throw BenchError("leave answered \(response.status)") }
            let deadline = t0 + .seconds(20)
            while arrivals.count(wave: wave) < expected, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            let cpu = child.cpuTime - cpu0
            var latency = Latency()
            let times = arrivals.times(wave: wave).map { $0 - t0 }
            for time in times { latency.record(time) }
            let first = times.min().map { $0.seconds * 1_000 } ?? .nan
            let last = times.max().map { $0.seconds * 1_000 } ?? .nan
            table.add(["\(wave)", "\(Format.int(times.count)) of \(Format.int(expected))", Format.ms(first),
                       Format.ms(latency.ms(50)), Format.ms(latency.ms(99)), Format.ms(last),
                       Format.ms(last - first), Format.ms(cpu.seconds * 1_000)])
        }
        table.print()
        await listener.stop()
        await http.close()
    }
}
