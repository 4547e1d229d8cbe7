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
    @Option(help: "Runs to do: any of joins, holds, wrk (comma-separated; wrk needs joins).") var only = "joins,holds,wrk"
    @Flag(help: "Run both servers in a child process (this binary's hidden 'serve'): the load generator's CPU is then not theirs, and server CPU per request is measured.")
    var serverProcess = false
    @Option(help: "With --server-process: a command to run the child under, e.g. 'valgrind --tool=callgrind'.")
    var serveWrapper: String?

    func run() async throws {
        FileLimits.raiseToHardLimit()
        note("machine: \(Machine.summary)")
        let phases = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let rig = try await serverProcess ? Rig.child(hall: hall, seconds: seconds, wrapper: serveWrapper)
            : Rig.inProcess(hall: hall, seconds: seconds)
        var report = HTTPReport(seconds: seconds, serverProcess: serverProcess)
        var joinedBuyers: [Buyer] = []
        var queueId = ""
        if phases.contains("joins") {
            (queueId, joinedBuyers) = try await joinRuns(rig, report: &report)
        }
        if phases.contains("holds") { try await holdRuns(rig, report: &report) }
        report.print()
        if phases.contains("wrk"), wrkSeconds > 0, !joinedBuyers.isEmpty {
            if let wrk = Wrk.find() {
                try await WrkRuns(wrk: Wrk(executable: wrk, seconds: wrkSeconds), baselinePort: rig.baselinePort,
                                  serverPort: rig.bench.port, performanceId: queueId,
                                  tokens: joinedBuyers.map(\.token)).run()
            } else {
                note("wrk not installed (apt-get install -y wrk); skipping the wrk runs")
            }
        }
        await rig.stop()
    }

    /// (a) baseline GET, (b) first joins over many buyers and repeated joins, and the public stats.
    private func joinRuns(_ rig: Rig, report: inout HTTPReport) async throws -> (String, [Buyer]) {
        let show = try await rig.bench.performance(hall: rig.hall, title: "Join bench", rate: 0.0001, maxActive: 1)
        note("signing up \(buyers) buyers (setup, not measured)")
        let pool = try await rig.bench.signUpBuyers(buyers, tag: "join")
        let id = show.id
        let firstBase = await rig.baselineRun(vus)
        let next = Atomic<Int>(0)
        let first = await rig.serverRun("first joins", users: vus) { user, _ in
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < pool.count else { return false }
            _ = await user.send(BenchRequests.join(id, token: pool[index].token), kind: "join (first)")
            return true
        }
        report.add("POST queue: first join (distinct buyers)", first, users: vus, baseline: firstBase)
        if first.total.requests >= pool.count {
            note("all \(pool.count) buyers joined before the run ended: raise --buyers for a full-length run")
        }
        let joined = Array(pool.prefix(min(pool.count, first.total.requests)))
        let repeatBase = await rig.baselineRun(vus)
        let again = await rig.serverRun("repeated joins", users: vus) { user, _ in
            _ = await user.send(BenchRequests.join(id, token: joined[user.index % joined.count].token),
                                kind: "join (repeat)")
            return true
        }
        report.add("POST queue: repeated join (idempotent)", again, users: vus, baseline: repeatBase)
        let sameHeaders = await rig.baselineRun(vus, headers: ["Authorization": "Bearer \(joined[0].token)"])
        report.add("POST queue: repeated join, vs baseline GET carrying the same Authorization header", again,
                   users: vus, baseline: sameHeaders, baselineName: "baseline GET + join's Authorization header")
        let statsRequest = BenchRequests.get("/v1/performances/\(id)/queue")
        let stats = await rig.serverRun("queue stats", users: vus) { user, _ in
            _ = await user.send(statsRequest, kind: "stats")
            return true
        }
        report.add("GET queue stats", stats, users: vus, baseline: repeatBase)
        return (id, joined)
    }

    /// (c) admitted buyers holding seats: closed loop, then paced below the closed-loop rate.
    private func holdRuns(_ rig: Rig, report: inout HTTPReport) async throws {
        let show = try await rig.bench.performance(hall: rig.hall, title: "Hold bench", rate: 10_000, maxActive: holders)
        note("admitting \(holders) buyers")
        let shoppers = try await HoldScenario.admit(try await rig.bench.signUpBuyers(holders, tag: "hold"),
                                                    server: rig.bench, performanceId: show.id)
        let scenario = HoldScenario(performanceId: show.id, grades: rig.hall.grades, shoppers: shoppers)
        let base = await rig.baselineRun(holders)
        let closed = await rig.serverRun("holds, closed loop", users: holders) { await scenario.step($0, iteration: $1) }
        report.add("POST holds, closed loop", closed, users: holders, baseline: base)
        let offered = closed.perSecond() * pacedFraction
        let interval = Duration.seconds(Double(holders) / max(1, offered))
        var pacedScenario = scenario
        pacedScenario.retries = 0
        let oneAttempt = pacedScenario
        let paced = await rig.serverRun("holds, paced", users: holders, interval: interval) {
            await oneAttempt.step($0, iteration: $1)
        }
        report.add("POST holds, paced at \(Format.number(offered)) req/s offered", paced, users: holders, baseline: base)
    }
}

