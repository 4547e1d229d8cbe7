import ArgumentParser
import Foundation
import TicketingClient
import TicketingProtocol

struct RushBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rush",
        abstract: "The whole ticket rush over real sockets against qticketd --payment-sandbox (child process), then invariants.")

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
    @Option(help: "Bound on the timed part, seconds.") var seconds = 75
    @Option(help: "Seconds of each bare-route baseline run (before and after the rush).") var baselineSeconds = 3
    @Option(help: "The server binary, run as a child process.") var server = ".build/release/qticketd"
    @Option(help: "Seed of the buyers' choices.") var seed: UInt64 = 42
    @Option(help: "Seconds without a push before a buyer reads its queue/order state over HTTP instead.")
    var pollSeconds = 5.0

    func run() async throws {
        let limit = FileLimits.raise(atLeast: 2 * buyers + 4_096)
        guard limit > 2 * buyers + 256 else { throw BenchError("RLIMIT_NOFILE \(limit) is too low for \(buyers) buyers") }
        note("machine: \(Machine.summary); load average \(LoadAverage.text)")
        let setup = try await RushSetup.prepare(buyers: buyers, hall: hall, rate: rate, maxActive: maxActive,
                                                couponStock: couponStock, maxSeats: maxSeats, server: server)
        defer { setup.remove() }
        note("baseline before (bare FlyingFox GET, 64 users, \(baselineSeconds) s)")
        let before = try await RushBaseline.measure(seconds: baselineSeconds)
        let child = try await ChildServer.start(binary: server, arguments: ["--port", "0", "--data", setup.directory.path,
                                                                            "--payment-sandbox"])
        let result: RushResult
        let checks: [RushCheck]
        do {
            result = try await rush(setup: setup, child: child)
            note("baseline after")
            let after = try await RushBaseline.measure(seconds: baselineSeconds)
            RushReport(result: result, baseline: (before, after), buyers: buyers).print()
            note("verifying invariants through the API")
            checks = try await RushVerify(setup: setup, port: child.port, outcomes: result.outcomes).run()
        } catch {
            await child.stop()
            throw error
        }
        await child.stop()
        var table = Table("Invariants after the rush (read back through the API)", columns: ["invariant", "detail", "result"])
        for check in checks { table.add([check.name, check.detail, check.ok ? "ok" : "**VIOLATED**"]) }
        table.print()
        let failed = checks.filter { !$0.ok }
        if !failed.isEmpty {
            note("\(failed.count) invariant(s) violated")
            throw ExitCode(1)
        }
    }

    private func rush(setup: RushSetup, child: ChildServer) async throws -> RushResult {
        let tally = RushTally()
        let start = ContinuousClock.now
        let plan = RushPlan(port: child.port, performanceId: setup.performanceId, couponId: setup.couponId,
                            grades: setup.grades, maxSeats: maxSeats, claimShare: claimShare, declineShare: declineShare,
                            faultShare: faultShare, seed: seed, pollEvery: .seconds(pollSeconds), deadline: start + .seconds(seconds))
        let cpu0 = child.cpuTime
        let clientCPU0 = ChildServer.cpuTime(process: "self")
        let rss0 = child.rss
        note("rush: \(setup.buyers.count) buyers arriving over \(ramp) s, bounded to \(seconds) s")
        let monitor = Task {
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, child.rss)
                try? await Task.sleep(for: .milliseconds(200))
            }
            return peak
        }
        let ramp = self.ramp
        let outcomes = await withTaskGroup(of: RushOutcome.self) { group in
            for (index, buyer) in setup.buyers.enumerated() {
                let at = start + .seconds(ramp * Double(index) / Double(setup.buyers.count))
                group.addTask {
                    try? await Task.sleep(until: at, clock: .continuous)
                    return await RushBuyer(index: index, buyer: buyer, plan: plan, tally: tally).run()
                }
            }
            var all: [RushOutcome] = []
            for await outcome in group {
                all.append(outcome)
                if all.count % 500 == 0 { note("\(all.count) buyers done") }
            }
            return all
        }
        let elapsed = ContinuousClock.now - start
        monitor.cancel()
        let peak = await monitor.value
        return RushResult(outcomes: outcomes, tally: tally, elapsed: elapsed, serverCPU: child.cpuTime - cpu0,
                          clientCPU: ChildServer.cpuTime(process: "self") - clientCPU0,
                          rssBefore: rss0, rssPeak: peak, seats: setup.seatCount)
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
}

enum LoadAverage {
    static var text: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")
            .split(separator: " ").prefix(3).joined(separator: " ")
    }
}
