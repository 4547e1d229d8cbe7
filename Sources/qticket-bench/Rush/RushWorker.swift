import ArgumentParser
import Foundation
import Histogram
import TicketingDomain

/// A slice of a rush's buyers in a child process. One process may hold only RLIMIT_NOFILE
/// sockets (20,000 here, hard): a rush whose buyers connected at once need more is split over
/// workers that each run every N-th buyer on the shared schedule and hand back their tallies.
struct RushWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rush-worker", abstract: "One slice of `rush` buyers (started by `rush --processes`).",
        shouldDisplay: false)

    @Option(help: "The plan file `rush` wrote.") var plan: String
    @Option(help: "This worker's slice (0-based).") var slice: Int
    @Option(help: "Where to write the result.") var out: String

    func run() async throws {
        FileLimits.raiseToHardLimit()
        let job = try JSONDecoder().decode(RushJob.self, from: Data(contentsOf: URL(fileURLWithPath: plan)))
        let tally = RushTally()
        let cpu0 = ChildServer.cpuTime(process: "self")
        let outcomes = await job.run(slice: slice, tally: tally)
        let result = RushSliceResult(outcomes: outcomes.map(WireOutcome.init),
                                     latencies: tally.latencies.reduce(into: [:]) { $0[$1.key.rawValue] = $1.value.histogram },
                                     errors: tally.errors, requests: tally.requests, polls: tally.polls,
                                     clientCPUSeconds: (ChildServer.cpuTime(process: "self") - cpu0).seconds)
        try JSONEncoder().encode(result).write(to: URL(fileURLWithPath: out))
    }
}

/// Everything a worker needs to run its buyers on the shared arrival schedule.
struct RushJob: Codable, Sendable {
    var host = "127.0.0.1"
    var port: UInt16
    var performanceId: String
    var couponId: String
    var grades: [String]
    var maxSeats: Int
    var claimShare: Double
    var declineShare: Double
    var faultShare: Double
    var seed: UInt64
    var pollSeconds: Double
    var seconds: Int
    var ramp: Double
    /// Wall-clock start (Unix seconds): every process reads the same schedule from it.
    var startsAt: Double
    var slices: Int
    var buyerIds: [String]
    var buyerTokens: [String]
    /// Against `--target` servers: retry refused/reset/502/503 and resume dropped WebSockets.
    var resilient = false
    var stopAfter: RushStop?

    /// Buyers `slice`, `slice + slices`, … each arriving at `startsAt + ramp · index / total`
    /// whether or not the server keeps up (open loop).
    func run(slice: Int, tally: RushTally) async -> [RushOutcome] {
        let start = ContinuousClock.now + .seconds(startsAt - Date().timeIntervalSince1970)
        let plan = RushPlan(host: host, port: port, performanceId: performanceId, couponId: couponId, grades: grades,
                            maxSeats: maxSeats, claimShare: claimShare, declineShare: declineShare,
                            faultShare: faultShare, seed: seed, pollEvery: .seconds(pollSeconds),
                            deadline: start + .seconds(seconds), retry: resilient ? .loadBalanced : .none,
                            stopAfter: stopAfter)
        let total = buyerIds.count
        let ramp = self.ramp
        return await withTaskGroup(of: RushOutcome.self) { group in
            for index in stride(from: slice, to: total, by: slices) {
                let buyer = Buyer(id: buyerIds[index], token: buyerTokens[index])
                let at = start + .seconds(ramp * Double(index) / Double(total))
                group.addTask {
                    try? await Task.sleep(until: at, clock: .continuous)
                    return await RushBuyer(index: index, buyer: buyer, plan: plan, tally: tally).run()
                }
            }
            var all: [RushOutcome] = []
            for await outcome in group {
                all.append(outcome)
                if slices == 1, all.count % 500 == 0 { note("\(all.count) buyers done") }
            }
            return all
        }
    }
}

struct RushSliceResult: Codable, Sendable {
    var outcomes: [WireOutcome]
    var latencies: [String: Histogram<UInt64>]
    var errors: [String: Int]
    var requests: Int
    var polls: Int
    var clientCPUSeconds: Double
}

/// A `RushOutcome` flattened for the pipe between processes.
struct WireOutcome: Codable, Sendable {
    var buyerId: String
    var claim: String?
    var claimDetail: String?
    var result: String
    var orderId: String?
    var detail: String?
    var seats: Int?

    init(_ outcome: RushOutcome) {
        buyerId = outcome.buyerId
        switch outcome.claim {
        case .won(let id): (claim, claimDetail) = ("won", id)
        case .alreadyClaimed: claim = "alreadyClaimed"
        case .soldOut: claim = "soldOut"
        case .unexpected(let why): (claim, claimDetail) = ("unexpected", why)
        case nil: claim = nil
        }
        switch outcome.result {
        case let .paid(orderId, seats): (result, self.orderId, self.seats) = ("paid", orderId, seats)
        case let .failed(orderId, code): (result, self.orderId, detail) = ("failed", orderId, code)
        case .soldOut: result = "soldOut"
        case .gaveUp(let why): (result, detail) = ("gaveUp", why)
        }
    }

    var outcome: RushOutcome {
        let claim: CouponClaimAudit.Outcome? = switch self.claim {
        case "won": .won(userCouponId: claimDetail ?? "")
        case "alreadyClaimed": .alreadyClaimed
        case "soldOut": .soldOut
        case "unexpected": .unexpected(claimDetail ?? "")
        default: nil
        }
        let result: RushOutcome.Result = switch self.result {
        case "paid": .paid(orderId: orderId ?? "", seats: seats ?? 0)
        case "failed": .failed(orderId: orderId ?? "", code: detail ?? "")
        case "soldOut": .soldOut
        default: .gaveUp(detail ?? "?")
        }
        return RushOutcome(buyerId: buyerId, claim: claim, result: result)
    }
}

extension RushTally {
    /// Adds a worker's tallies to this one.
    func merge(_ slice: RushSliceResult) {
        for (name, histogram) in slice.latencies {
            guard let step = RushStep(rawValue: name) else { continue }
            merge(step, Latency(histogram: histogram))
        }
        for (code, count) in slice.errors { add(error: code, count: count) }
        request(slice.requests - slice.polls)
        for _ in 0..<slice.polls { poll() }
    }
}

/// Runs a job's slices in `rush-worker` child processes of this binary and merges what they return.
enum RushWorkers {
    static func run(job: RushJob, tally: RushTally) async throws -> (outcomes: [RushOutcome], clientCPU: Duration) {
        let directory = BenchServer.temporaryDirectory("rush-workers")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let planURL = directory.appendingPathComponent("plan.json")
        try JSONEncoder().encode(job).write(to: planURL)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var processes: [(Process, URL)] = []
        for slice in 0..<job.slices {
            let out = directory.appendingPathComponent("slice-\(slice).json")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["rush-worker", "--plan", planURL.path, "--slice", String(slice), "--out", out.path]
            try process.run()
            processes.append((process, out))
        }
        var outcomes: [RushOutcome] = []
        var cpu = Duration.zero
        for (slice, (process, out)) in processes.enumerated() {
            while process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            guard process.terminationStatus == 0 else {
                throw BenchError("rush worker \(slice) exited with \(process.terminationStatus)")
            }
            let result = try JSONDecoder().decode(RushSliceResult.self, from: Data(contentsOf: out))
            tally.merge(result)
            outcomes += result.outcomes.map(\.outcome)
            cpu += .seconds(result.clientCPUSeconds)
            note("worker \(slice): \(result.outcomes.count) buyers done")
        }
        return (outcomes, cpu)
    }
}
