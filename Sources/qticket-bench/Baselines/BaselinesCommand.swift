import ArgumentParser
import Foundation
import TicketingDomain

/// Our figures next to nginx (driven by wrk) and redis (driven by redis-benchmark), all measured
/// in the same run on the same cores, printed as ratios.
struct BaselinesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baselines",
        abstract: "nginx (wrk) and redis (redis-benchmark ZADD/ZRANK/INCR) baselines next to our server and waiting room.")

    @Option(help: "Seconds per wrk run.") var wrkSeconds = 10
    @Option(help: "Requests per redis-benchmark run.") var redisRequests = 200_000
    @Option(help: "Connections for wrk and redis-benchmark.") var connections = 64
    @Option(help: "Pipeline depth of the server-bound redis runs.") var pipeline = 64
    @Option(help: "Buyers in our waiting room for the wrk runs (signed up and joined before measuring).") var buyers = 2_000
    @Option(help: "Members of the redis sorted set and of the in-process waiting room.") var rankSize = 1_000_000
    @Option(help: "Loopback port for nginx.") var nginxPort: UInt16 = 18_481
    @Option(help: "Loopback port for redis-server.") var redisPort: UInt16 = 16_479
    @Option(help: "Hall for the performance.") var hall = "Assets/halls/arena.hall"

    func run() async throws {
        FileLimits.raiseToHardLimit()
        note("machine: \(Machine.summary); load average \(Machine.loadAverage)")
        guard let wrkPath = Wrk.find(), let redisBench = ChildProcess.find("redis-benchmark"),
              let redisCLI = ChildProcess.find("redis-cli") else {
            throw BenchError("needs wrk, redis-benchmark and redis-cli: apt-get install -y wrk nginx redis-server")
        }
        let wrk = Wrk(executable: wrkPath, connections: connections, seconds: wrkSeconds)
        let nginx = try await ExternalServer.nginx(port: nginxPort, body: BaselineServer.body)
        let redis: ExternalServer
        do { redis = try await ExternalServer.redis(port: redisPort) } catch { await nginx.stop(); throw error }
        do {
            try await httpRuns(wrk: wrk, nginxPort: nginx.port)
            try await redisRuns(RedisBenchmark(executable: redisBench, cli: redisCLI, port: redis.port,
                                               requests: redisRequests, clients: connections))
        } catch {
            await nginx.stop()
            await redis.stop()
            throw error
        }
        await nginx.stop()
        await redis.stop()
    }

    /// wrk against nginx, the bare FlyingFox route and our queue routes (server in a child process).
    private func httpRuns(wrk: Wrk, nginxPort: UInt16) async throws {
        let rig = try await Rig.child(hall: hall, seconds: 1)
        let show = try await rig.bench.performance(hall: rig.hall, title: "Baselines", rate: 0.0001, maxActive: 1)
        note("signing up and joining \(buyers) buyers (setup, not measured)")
        let pool = try await rig.bench.signUpBuyers(buyers, tag: "base")
        _ = try await rig.bench.join(pool, performanceId: show.id)
        let tokens = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-base-\(UUID().uuidString)")
        try pool.map(\.token).joined(separator: "\n").write(to: tokens, atomically: true, encoding: .utf8)
        let postScript = tokens.appendingPathExtension("post.lua"), getScript = tokens.appendingPathExtension("get.lua")
        try Wrk.tokenScript(tokensFile: tokens.path, method: "POST").write(to: postScript, atomically: true, encoding: .utf8)
        try Wrk.tokenScript(tokensFile: tokens.path, method: "GET").write(to: getScript, atomically: true, encoding: .utf8)
        defer { for file in [tokens, postScript, getScript] { try? FileManager.default.removeItem(at: file) } }

        let queue = "http://127.0.0.1:\(rig.bench.port)/v1/performances/\(show.id)/queue"
        var runs: [(String, Wrk.Result, Duration?)] = []
        func measure(_ name: String, _ url: String, script: String? = nil, ours: Bool = false) async throws {
            note("wrk \(name)")
            let before = ours ? rig.child?.cpuTime : nil
            let result = try await wrk.run(url: url, script: script)
            runs.append((name, result, before.flatMap { b in rig.child.map { $0.cpuTime - b } }))
        }
        try await measure("nginx `return 200` (before)", "http://127.0.0.1:\(nginxPort)/")
        try await measure("bare FlyingFox route", "http://127.0.0.1:\(rig.baselinePort)\(BaselineServer.path)", ours: true)
        try await measure("GET /v1/performances/{id}/queue (stats)", queue, ours: true)
        try await measure("POST …/queue, \(buyers) buyers re-joining", queue, script: postScript.path, ours: true)
        try await measure("GET …/queue/me (rank), \(buyers) buyers", queue + "/me", script: getScript.path, ours: true)
        try await measure("nginx `return 200` (after)", "http://127.0.0.1:\(nginxPort)/")
        await rig.stop()

        let nginxRate = (runs.first!.1.requestsPerSecond + runs.last!.1.requestsPerSecond) / 2
        let bareRate = runs[1].1.requestsPerSecond
        var table = Table("HTTP: wrk -t\(wrk.threads) -c\(wrk.connections) -d\(wrk.seconds)s against nginx and our server (child process), same run",
                          columns: ["target", "req/s", "p50", "p99", "non-2xx", "vs nginx (mean of both)",
                                    "vs bare FlyingFox", "server CPU µs/req"])
        for (name, result, cpu) in runs {
            let perRequest = cpu.map { Format.number($0.seconds * 1e6 / (result.requestsPerSecond * Double(wrk.seconds))) } ?? "–"
            table.add([name, Format.number(result.requestsPerSecond), result.p50, result.p99, Format.int(result.non2xx),
                       Format.ratio(result.requestsPerSecond / nginxRate), Format.ratio(result.requestsPerSecond / bareRate),
                       perRequest])
        }
        table.print()
    }

    /// redis-benchmark, round-trip bound (1 request in flight per connection) and server bound
    /// (pipelined), next to our HTTP routes and our in-process waiting room at the same size.
    private func redisRuns(_ redis: RedisBenchmark) async throws {
        note("redis: filling a sorted set with \(rankSize) members")
        try await redis.fill(key: "rank", count: rankSize)
        let member = RedisBenchmark.member
        let commands: [(String, [String])] = [
            ("INCR", ["INCR", "counter"]),
            ("ZADD (join)", ["ZADD", "joins", "__rand_int__", member]),
            ("ZRANK in \(Format.int(rankSize)) (place in line)", ["ZRANK", "rank", member]),
        ]
        var table = Table("redis-benchmark -c \(redis.clients) -n \(Format.int(redis.requests)), same run",
                          columns: ["command", "req/s, 1 in flight", "p50 ms", "p99 ms", "req/s, -P \(pipeline)",
                                    "ns per op, pipelined"])
        var pipelinedNs: [Double] = []
        for (name, command) in commands {
            note("redis-benchmark \(name)")
            let single = try await redis.run(command, randomRange: rankSize)
            let piped = try await redis.run(command, pipeline: pipeline, randomRange: rankSize)
            pipelinedNs.append(1e9 / piped.requestsPerSecond)
            table.add([name, Format.number(single.requestsPerSecond), String(format: "%.3f", single.p50ms),
                       String(format: "%.3f", single.p99ms), Format.number(piped.requestsPerSecond),
                       Format.number(pipelinedNs.last!)])
        }
        table.print()

        note("in-process waiting room at \(rankSize)")
        let ours = WaitingRoomMicro(repeats: 5).measure(size: rankSize, admissions: false)
        var compare = Table("Waiting room in process vs redis pipelined (per operation, \(Format.int(rankSize)) in line)",
                            columns: ["operation", "ours ns", "redis ns (1 / pipelined req/s)", "redis ÷ ours"])
        compare.add(["join ↔ ZADD", Format.number(ours.join), Format.number(pipelinedNs[1]),
                     Format.ratio(pipelinedNs[1] / ours.join)])
        compare.add(["status (rank) ↔ ZRANK", Format.number(ours.status), Format.number(pipelinedNs[2]),
                     Format.ratio(pipelinedNs[2] / ours.status)])
        compare.print()
    }
}
