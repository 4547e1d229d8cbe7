import Foundation

/// The http subcommand's table: every server run beside the baseline run measured just before it.
struct HTTPReport {
    let seconds: Int
    private var table: Table
    private var baselines: [String: Bool] = [:]

    init(seconds: Int, serverProcess: Bool) {
        self.seconds = seconds
        let servers = serverProcess ? "server and FlyingFox baseline in a child process" : "in-process server and FlyingFox baseline"
        table = Table("HTTP, \(servers), keep-alive clients, \(seconds) s per run",
                      columns: ["run", "users", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                               "statuses", "baseline req/s", "req/s ratio vs baseline", "server CPU µs/req",
                               "CPU/req vs baseline"])
    }

    mutating func add(_ name: String, _ result: LoadResult, users: Int, baseline: LoadResult,
                      baselineName: String = "baseline GET (bare FlyingFox)") {
        let key = "\(users)-\(baseline.total.requests)"
        if baselines[key] == nil {
            baselines[key] = true
            row(baselineName, baseline, users: users, base: nil)
        }
        if result.byKind.count > 1 {
            for (kind, stats) in result.byKind.sorted(by: { $0.key < $1.key }) {
                row("\(name): \(kind)", LoadResult(byKind: [kind: stats], elapsed: result.elapsed), users: users,
                    base: baseline)
            }
        }
        row(name, result, users: users, base: baseline)
    }

    private mutating func row(_ name: String, _ result: LoadResult, users: Int, base: LoadResult?) {
        let stats = result.total
        let rate = result.perSecond()
        let baseRate = base?.perSecond()
        let cpu = result.serverMicrosPerRequest
        let baseCPU = base?.serverMicrosPerRequest
        table.add([name, Format.int(users), Format.int(stats.requests), Format.number(rate),
                   Format.ms(stats.latency.ms(50)), Format.ms(stats.latency.ms(90)), Format.ms(stats.latency.ms(99)),
                   Format.ms(stats.latency.maxMs), stats.statusSummary,
                   baseRate.map { Format.number($0) } ?? "–", baseRate.map { Format.ratio(rate / $0) } ?? "–",
                   cpu.map { Format.number($0) } ?? "–",
                   cpu.flatMap { c in baseCPU.map { Format.ratio(c / $0) } } ?? "–"])
    }

    func print() { table.print() }
}

/// wrk against the baseline, the public queue stats and repeated joins, baseline again last.
struct WrkRuns {
    let wrk: Wrk
    let baselinePort: UInt16
    let serverPort: UInt16
    let performanceId: String
    let tokens: [String]

    func run() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-bench-tokens-\(UUID().uuidString)")
        try tokens.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let script = file.appendingPathExtension("lua")
        try Wrk.joinScript(tokensFile: file.path).write(to: script, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: script)
        }
        let queue = "http://127.0.0.1:\(serverPort)/v1/performances/\(performanceId)/queue"
        note("wrk baseline")
        let before = try await wrk.run(url: "http://127.0.0.1:\(baselinePort)\(BaselineServer.path)")
        note("wrk queue stats")
        let stats = try await wrk.run(url: queue)
        note("wrk repeated joins")
        let joins = try await wrk.run(url: queue, script: script.path)
        note("wrk baseline again")
        let after = try await wrk.run(url: "http://127.0.0.1:\(baselinePort)\(BaselineServer.path)")
        let base = (before.requestsPerSecond + after.requestsPerSecond) / 2
        var table = Table("wrk -t\(wrk.threads) -c\(wrk.connections) -d\(wrk.seconds)s (separate process)",
                          columns: ["target", "req/s", "p50", "p90", "p99", "non-2xx", "ratio vs baseline (mean of both)"])
        for (name, result) in [("baseline GET (before)", before), ("GET /v1/performances/{id}/queue", stats),
                               ("POST /v1/performances/{id}/queue, \(tokens.count) buyers re-joining", joins),
                               ("baseline GET (after)", after)] {
            table.add([name, Format.number(result.requestsPerSecond), result.p50, result.p90, result.p99,
                       Format.int(result.non2xx), Format.ratio(result.requestsPerSecond / base)])
        }
        table.print()
    }
}
