import ArgumentParser
import Foundation
import Synchronization
import TicketingClient
import TicketingDomain
import TicketingProtocol

struct HTTPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Real QueueTicketServer and a bare FlyingFox baseline in this process, driven over keep-alive HTTP.")

    @Option(help: "Virtual users (connections) for the baseline and join runs.") var vus = 64
    @Option(help: "Seconds per measured run.") var seconds = 5
    @Option(help: "Buyers signed up for first joins (each joins once).") var buyers = 20_000
    @Option(help: "Admitted buyers holding seats concurrently.") var holders = 1_000
    @Option(help: "Paced hold run: offered load as a fraction of the closed-loop hold rate.") var pacedFraction = 0.5
    @Option(help: "Hall for the hold runs.") var hall = "Assets/halls/arena.hall"
    @Option(help: "Seconds per wrk run (0 skips wrk).") var wrkSeconds = 10

    func run() async throws {
        FileLimits.raiseToHardLimit()
        note("machine: \(Machine.summary)")
        let baseline = try await BaselineServer.start()
        let bench = try await BenchServer.start()
        let arena = try Hall.load(path: hall)
        let show = try await bench.performance(hall: arena, title: "Join bench", rate: 0.0001, maxActive: 1)
        note("signing up \(buyers) buyers (setup, not measured)")
        let pool = try await bench.signUpBuyers(buyers, tag: "join")
        var report = HTTPReport(seconds: seconds)
        let duration = Duration.seconds(seconds)
        let baseRequest = BenchRequests.get(BaselineServer.path)
        let health = BenchRequests.get("/health")
        let id = show.id

        func baselineRun(_ users: Int) async -> LoadResult {
            note("baseline GET, \(users) users")
            let clients = await LoadDriver.connect(count: users, port: baseline.port, warmup: baseRequest)
            defer { Task { await LoadDriver.close(clients) } }
            return await LoadDriver.run(clients: clients, duration: duration) { user, _ in
                _ = await user.send(baseRequest, kind: "baseline"); return true
            }
        }
        func serverRun(_ name: String, users: Int, interval: Duration? = nil, step: @escaping LoadDriver.Step) async -> LoadResult {
            note("\(name), \(users) users")
            let clients = await LoadDriver.connect(count: users, port: bench.port, warmup: health)
            defer { Task { await LoadDriver.close(clients) } }
            return await LoadDriver.run(clients: clients, duration: duration, interval: interval, step: step)
        }

        // (a)/(b): joins, each beside its own baseline run.
        let firstBase = await baselineRun(vus)
        let next = Atomic<Int>(0)
        let first = await serverRun("first joins", users: vus) { user, _ in
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < pool.count else { return false }
            _ = await user.send(BenchRequests.join(id, token: pool[index].token), kind: "join (first)")
            return true
        }
        report.add("POST queue: first join (distinct buyers)", first, users: vus, baseline: firstBase)
        let joined = min(pool.count, next.load(ordering: .relaxed))
        let repeatBase = await baselineRun(vus)
        let again = await serverRun("repeated joins", users: vus) { user, _ in
            _ = await user.send(BenchRequests.join(id, token: pool[user.index % joined].token), kind: "join (repeat)")
            return true
        }
        report.add("POST queue: repeated join (idempotent)", again, users: vus, baseline: repeatBase)
        let statsRequest = BenchRequests.get("/v1/performances/\(id)/queue")
        let stats = await serverRun("queue stats", users: vus) { user, _ in
            _ = await user.send(statsRequest, kind: "stats"); return true
        }
        report.add("GET queue stats", stats, users: vus, baseline: repeatBase)

        // (c): holds by admitted buyers.
        let holdShow = try await bench.performance(hall: arena, title: "Hold bench", rate: 10_000, maxActive: holders)
        note("admitting \(holders) buyers")
        let shoppers = try await HoldScenario.admit(try await bench.signUpBuyers(holders, tag: "hold"), server: bench,
                                                    performanceId: holdShow.id)
        let scenario = HoldScenario(performanceId: holdShow.id, grades: arena.grades, shoppers: shoppers)
        let holdBase = await baselineRun(holders)
        let closed = await serverRun("holds, closed loop", users: holders) { await scenario.step($0, iteration: $1) }
        report.add("POST holds, closed loop", closed, users: holders, baseline: holdBase)
        let offered = closed.perSecond() * pacedFraction
        let interval = Duration.seconds(Double(holders) / max(1, offered))
        let paced = await serverRun("holds, paced", users: holders, interval: interval) {
            await scenario.step($0, iteration: $1)
        }
        report.add("POST holds, paced at \(Format.number(offered)) req/s offered", paced, users: holders,
                   baseline: holdBase)
        report.print()

        if wrkSeconds > 0, let wrk = Wrk.find() {
            try await WrkRuns(wrk: Wrk(executable: wrk, seconds: wrkSeconds), baselinePort: baseline.port,
                              serverPort: bench.port, performanceId: id, tokens: pool.prefix(joined).map(\.token)).run()
        } else if wrkSeconds > 0 {
            note("wrk not installed (apt-get install -y wrk); skipping the wrk runs")
        }
        await bench.stop()
        await baseline.stop()
    }
}
