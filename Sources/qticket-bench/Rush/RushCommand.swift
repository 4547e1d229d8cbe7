import ArgumentParser
import Foundation
import TicketingClient
import TicketingProtocol

struct RushBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rush",
        abstract: "The whole ticket rush over real sockets against qticketd --payment-sandbox (child process), then invariants.",
        discussion: """
            With --target URL the rush runs against servers already running (one node, or several behind a load \
            balancer): setup through the API as --admin-email, invariants read back through the API and the \
            gateway's transactions lookup (--gateway), buyers retrying refused/reset connections and 502/503/504 \
            with backoff and resuming dropped WebSockets. docs/RUSH_TARGET.md has the command lines.
            """)

    @Option(help: "Virtual buyers.") var buyers = 2_000
    @Option(help: "Hall of the performance.") var hall = "Assets/halls/arena.hall"
    @Option(help: "Admissions per second.") var rate = 1_000.0
    @Option(help: "Admitted buyers at once (an admission ends when its order is paid or the buyer leaves).")
    var maxActive = 2_000
    @Option(help: "Coupon stock.") var couponStock = 300
    @Option(help: "Share of buyers who try to claim the coupon.") var claimShare = 0.5
    @Option(help: "Share of buyers paying with the declined card 4000 0000 0000 0002.") var declineShare = 0.05
    @Option(help: "Share of buyers paying with 4000 0000 0000 0500 (two 500s, then approved).") var faultShare = 0.05
    @Option(help: "Seats per buyer: 1…this (also the performance's maxSeatsPerOrder).") var maxSeats = 4
    @Option(help: "Seconds over which the buyers arrive.") var ramp = 2.0
    @Option(help: "Offered load: buyers arriving per second (sets the ramp to buyers / this); open loop either way.")
    var arrivalsPerSecond: Double?
    @Option(help: "Buyers the load generator must hold connected at once (default: all of them).")
    var connected: Int?
    @Option(help: "Load-generator processes (default: as many as the connected buyers' sockets need).")
    var processes: Int?
    @Option(help: "Bound on the timed part, seconds.") var seconds = 75
    @Option(help: "Seconds of each bare-route baseline run (before and after the rush).") var baselineSeconds = 3
    @Option(help: "The server binary, run as a child process.") var server = ".build/release/qticketd"
    @Flag(help: "Run the payment gateway (`qticketd sandbox`) as a child of its own instead of mounted on the server, so the server's CPU is its own work; the gateway's is reported apart.")
    var gatewayProcess = false
    @Option(help: "Seed of the buyers' choices.") var seed: UInt64 = 42
    @Option(help: "Buyers stop after this step (join, hold or order) and close their sockets, keeping their admission until it expires (so at most --max-active buyers); the invariants are not checked. Compare the server CPU per buyer of runs stopping at each step to price the steps.")
    var stopAfter: RushStop?
    @Option(help: "Seconds without a push before a buyer reads its queue/order state over HTTP instead (the server refreshes a waiting buyer every 5 s).")
    var pollSeconds = 12.0
    @Option(help: "Run against servers already running at this URL (http://HOST:PORT, e.g. a load balancer) instead of a child.")
    var target: String?
    @Option(help: "With --target: the payment gateway the nodes pay through (its GET /v1/transactions is the charge ledger).")
    var gateway: String?
    @Option(help: "With --target: the gateway's secret key (Basic auth of the transactions lookup).")
    var gatewaySecret = "test_sk_queueticket_sandbox"
    @Option(help: "With --target: an admin account on the target (qticketd admin create).") var adminEmail: String?
    @Option(help: "With --target: that admin's password.") var adminPassword: String?
    @Option(help: "With --target: seconds from the end of setup to the sale's opening (buyers before it wait in the pre-queue).")
    var opensIn = 2.0
    @Option(help: "With --target: the least share of buyers that must end paid, failed or sold out (the rest are stuck).")
    var minSettledShare = 0.95

    func validate() throws {
        if target != nil, stopAfter != nil {
            throw ValidationError("--stop-after prices steps by the child server's CPU; it does not apply with --target")
        }
        // A stopped buyer never leaves the line: its admission lasts until it expires, and
        // buyers past --max-active would wait for it instead of being priced.
        if stopAfter != nil, buyers > maxActive {
            throw ValidationError("--stop-after keeps each stopped buyer's admission until it expires: "
                                  + "use at most --max-active (\(maxActive)) buyers")
        }
    }

    func run() async throws {
        if let target {
            return try await RushTarget(command: self, target: target).run()
        }
        // A connected buyer holds at most two sockets (API and WebSocket; only the WebSocket
        // while waiting in line). Size by the buyers connected at once, split over processes.
        let limit = FileLimits.raise(atLeast: 2 * buyers + 4_096)
        // The server child inherits the limit; let its transport use it (its default cap of
        // 10,000 connections turned a 20,000-buyer rush into 503s and resets).
        let serverEnvironment = ProcessInfo.processInfo.environment["QTICKET_MAX_CONNECTIONS"] == nil
            ? ["QTICKET_MAX_CONNECTIONS": String(max(1_000, limit - 1_024))] : [:]
        let perProcess = max(1, (limit - 512) / 2)
        let slices = processes ?? max(1, (min(connected ?? buyers, buyers) + perProcess - 1) / perProcess)
        guard slices >= 1, (min(connected ?? buyers, buyers) + slices - 1) / slices <= perProcess else {
            throw BenchError("RLIMIT_NOFILE \(limit): \(slices) process(es) cannot hold \(connected ?? buyers) buyers at once")
        }
        note("machine: \(Machine.summary); load average \(LoadAverage.text)")
        let setup = try await RushSetup.prepare(buyers: buyers, hall: hall, rate: rate, maxActive: maxActive,
                                                couponStock: couponStock, maxSeats: maxSeats, server: server)
        defer { setup.remove() }
        note("baseline before (bare FlyingFox GET, 64 users, \(baselineSeconds) s)")
        let before = try await RushBaseline.measure(seconds: baselineSeconds)
        let gateway = gatewayProcess ? try await GatewayChild.start(binary: server, data: setup.directory) : nil
        let child: ChildServer
        do {
            child = try await ChildServer.start(binary: server, arguments: ["--port", "0", "--data", setup.directory.path]
                                                    + (gateway?.serverArguments ?? ["--payment-sandbox"]),
                                                environment: serverEnvironment.merging(gateway?.serverEnvironment ?? [:]) { $1 })
        } catch {
            await gateway?.child.stop()
            throw error
        }
        let result: RushResult
        // nil when the buyers stopped early (`--stop-after`): their invariants would not hold.
        let checks: [RushCheck]?
        do {
            result = try await rush(setup: setup, child: child, gateway: gateway?.child, slices: slices)
            note("baseline after")
            let after = try await RushBaseline.measure(seconds: baselineSeconds)
            RushReport(result: result, baseline: (before, after), buyers: buyers).print()
            if let stopAfter {
                note("buyers stopped after \(stopAfter.rawValue): invariants not checked")
                checks = nil
            } else {
                note("verifying invariants through the API")
                var scene = RushScene(setup: setup, port: child.port)
                if let gateway { scene.charges = gateway.charges }
                checks = try await RushVerify(setup: scene, outcomes: result.outcomes).run()
            }
        } catch {
            await child.stop()
            await gateway?.child.stop()
            throw error
        }
        await child.stop()
        await gateway?.child.stop()
        if let checks { try RushCheck.report(checks) }
    }

    private func rush(setup: RushSetup, child: ChildServer, gateway: ChildServer?, slices: Int) async throws -> RushResult {
        let tally = RushTally()
        let ramp = arrivalsPerSecond.map { Double(setup.buyers.count) / $0 } ?? self.ramp
        // Workers need a moment to start and read the plan before the first arrival.
        let lead = slices > 1 ? 2.0 : 0.05
        let job = RushJob(port: child.port, performanceId: setup.performanceId, couponId: setup.couponId,
                          grades: setup.grades, maxSeats: maxSeats, claimShare: claimShare, declineShare: declineShare,
                          faultShare: faultShare, seed: seed, pollSeconds: pollSeconds, seconds: seconds, ramp: ramp,
                          startsAt: Date().timeIntervalSince1970 + lead, slices: slices,
                          buyerIds: setup.buyers.map(\.id), buyerTokens: setup.buyers.map(\.token), stopAfter: stopAfter)
        let cpu0 = child.cpuTime
        let gatewayCPU0 = gateway?.cpuTime
        let clientCPU0 = ChildServer.cpuTime(process: "self")
        let rss0 = child.rss
        note("rush: \(setup.buyers.count) buyers arriving over \(ramp) s (\(Int(Double(setup.buyers.count) / ramp))/s), "
             + "bounded to \(seconds) s, \(slices) load process(es)")
        let start = ContinuousClock.now
        let monitor = Task {
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, child.rss)
                try? await Task.sleep(for: .milliseconds(200))
            }
            return peak
        }
        let outcomes: [RushOutcome]
        var workerCPU = Duration.zero
        if slices == 1 {
            outcomes = await job.run(slice: 0, tally: tally)
        } else {
            (outcomes, workerCPU) = try await RushWorkers.run(job: job, tally: tally)
        }
        let elapsed = ContinuousClock.now - start - .seconds(lead)
        monitor.cancel()
        let peak = await monitor.value
        return RushResult(outcomes: outcomes, tally: tally, elapsed: elapsed, serverCPU: child.cpuTime - cpu0,
                          clientCPU: ChildServer.cpuTime(process: "self") - clientCPU0 + workerCPU,
                          rssBefore: rss0, rssPeak: peak, seats: setup.seatCount, ramp: ramp, loadProcesses: slices,
                          gatewayCPU: gatewayCPU0.flatMap { start in gateway.map { $0.cpuTime - start } })
    }
}

struct RushResult: Sendable {
    var outcomes: [RushOutcome]
    var tally: RushTally
    var elapsed: Duration
    var serverCPU: Duration
    var clientCPU: Duration
    var rssBefore: Int
    var rssPeak: Int
    var seats: Int
    var ramp: Double
    var loadProcesses: Int
    /// The gateway's own CPU when it ran as a process of its own (`--gateway-process`).
    var gatewayCPU: Duration? = nil
}

extension RushStop: ExpressibleByArgument {}

enum LoadAverage {
    static var text: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")
            .split(separator: " ").prefix(3).joined(separator: " ")
    }
}
