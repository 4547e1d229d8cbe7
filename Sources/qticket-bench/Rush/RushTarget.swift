import ArgumentParser
import Foundation
import TicketingClient
import TicketingProtocol

/// `rush --target URL`: the rush against servers already running, one node or several behind a
/// load balancer. Nothing is read from their disks or processes: setup and invariants go
/// through the API, charges through the gateway's transactions lookup. Server CPU and memory
/// are not measured here (they live on other machines); the operator's `/metrics` has them.
struct RushTarget {
    let command: RushBench
    let target: String

    func run() async throws {
        guard let url = URL(string: target) else { throw BenchError("--target \(target) is not a URL") }
        guard let gatewayText = command.gateway, let gateway = URL(string: gatewayText), gateway.host != nil else {
            throw BenchError("--target needs --gateway URL: the gateway the nodes pay through (its transactions are the charge ledger)")
        }
        guard let adminEmail = command.adminEmail, let adminPassword = command.adminPassword else {
            throw BenchError("--target needs --admin-email and --admin-password (an account made by qticketd admin create)")
        }
        let buyers = command.buyers
        let limit = FileLimits.raise(atLeast: 2 * buyers + 4_096)
        let perProcess = max(1, (limit - 512) / 2)
        let connected = min(command.connected ?? buyers, buyers)
        let slices = command.processes ?? max(1, (connected + perProcess - 1) / perProcess)
        guard slices >= 1, (connected + slices - 1) / slices <= perProcess else {
            throw BenchError("RLIMIT_NOFILE \(limit): \(slices) process(es) cannot hold \(connected) buyers at once")
        }
        note("machine: \(Machine.summary); load average \(LoadAverage.text)")
        let setup = try await RushTargetSetup.prepare(RushTargetSetup.Options(
            target: url, adminEmail: adminEmail, adminPassword: adminPassword, hall: command.hall, buyers: buyers,
            rate: command.rate, maxActive: command.maxActive, couponStock: command.couponStock,
            maxSeats: command.maxSeats, opensIn: command.opensIn))
        let result = try await rush(setup, slices: slices)
        RushReport(result: result, baseline: nil, buyers: buyers, against: target).print()
        note("verifying invariants through the API and the gateway's transactions")
        let scene = RushScene(host: setup.host, port: setup.port, retry: .loadBalanced, performanceId: setup.performanceId,
                              couponId: setup.couponId, couponStock: setup.couponStock, sellerToken: setup.sellerToken,
                              buyers: setup.buyers, adminEmail: adminEmail, adminPassword: adminPassword,
                              charges: .gateway(url: gateway, secretKey: command.gatewaySecret, since: setup.startedAt))
        var checks = try await RushVerify(setup: scene, outcomes: result.outcomes).run()
        checks.append(Self.settledShare(result.outcomes, least: command.minSettledShare))
        try RushCheck.report(checks)
    }

    private func rush(_ setup: RushTargetSetup, slices: Int) async throws -> RushResult {
        let tally = RushTally()
        let ramp = command.arrivalsPerSecond.map { Double(setup.buyers.count) / $0 } ?? command.ramp
        let lead = slices > 1 ? 2.0 : 0.05
        let job = RushJob(host: setup.host, port: setup.port, performanceId: setup.performanceId, couponId: setup.couponId,
                          grades: setup.grades, maxSeats: command.maxSeats, claimShare: command.claimShare,
                          declineShare: command.declineShare, faultShare: command.faultShare, seed: command.seed,
                          pollSeconds: command.pollSeconds, seconds: command.seconds, ramp: ramp,
                          startsAt: Date().timeIntervalSince1970 + lead, slices: slices,
                          buyerIds: setup.buyers.map(\.id), buyerTokens: setup.buyers.map(\.token), resilient: true)
        let clientCPU0 = ChildServer.cpuTime(process: "self")
        note("rush against \(target): \(setup.buyers.count) buyers arriving over \(ramp) s, sale opening "
             + String(format: "%.1f s", setup.saleOpensAt.timeIntervalSinceNow) + " from now, bounded to "
             + "\(command.seconds) s, \(slices) load process(es)")
        let start = ContinuousClock.now
        let outcomes: [RushOutcome]
        var workerCPU = Duration.zero
        if slices == 1 {
            outcomes = await job.run(slice: 0, tally: tally)
        } else {
            (outcomes, workerCPU) = try await RushWorkers.run(job: job, tally: tally)
        }
        return RushResult(outcomes: outcomes, tally: tally, elapsed: ContinuousClock.now - start - .seconds(lead),
                          serverCPU: .zero, clientCPU: ChildServer.cpuTime(process: "self") - clientCPU0 + workerCPU,
                          rssBefore: 0, rssPeak: 0, seats: setup.seatCount, ramp: ramp, loadProcesses: slices)
    }

    /// Buyers who ended paid, failed or sold out against those stuck (gave up: a deadline, an
    /// error the retries did not ride out), by reason.
    static func settledShare(_ outcomes: [RushOutcome], least: Double) -> RushCheck {
        var stuck: [String: Int] = [:]
        for outcome in outcomes {
            if case .gaveUp(let why) = outcome.result { stuck[why, default: 0] += 1 }
        }
        let settled = outcomes.count - stuck.values.reduce(0, +)
        let share = outcomes.isEmpty ? 0 : Double(settled) / Double(outcomes.count)
        let reasons = stuck.sorted { $0.value > $1.value }.prefix(3).map { "\($0.value)× \($0.key)" }
        return RushCheck(name: "buyers ending paid, failed or sold out ≥ \(Int(least * 100)) %",
                         detail: String(format: "%d of %d (%.1f %%)", settled, outcomes.count, share * 100)
                             + (reasons.isEmpty ? ", none stuck" : "; stuck: " + reasons.joined(separator: ", ")),
                         ok: !outcomes.isEmpty && share >= least)
    }
}

extension RushCheck {
    /// Prints the invariants' table; exits 1 when any is violated.
    static func report(_ checks: [RushCheck]) throws {
        var table = Table("Invariants after the rush (read back through the API)", columns: ["invariant", "detail", "result"])
        for check in checks { table.add([check.name, check.detail, check.ok ? "ok" : "**VIOLATED**"]) }
        table.print()
        let failed = checks.filter { !$0.ok }
        if !failed.isEmpty {
            note("\(failed.count) invariant(s) violated")
            throw ExitCode(1)
        }
    }
}
