import ArgumentParser
import Foundation
import Synchronization
import TicketingClient
import TicketingDomain
import TicketingProtocol

struct ClaimsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Coupon claims per second over HTTP vs the bare-route baseline, in-process claims/s, issuance-log lag.")

    @Option(help: "Virtual users (kept-alive connections) per run.") var users = 64
    @Option(help: "Seconds per measured run.") var seconds = 5
    @Option(help: "Buyers signed up (each claims every coupon once).") var buyers = 3_000
    @Option(help: "Coupons (claim pairs = buyers × coupons).") var coupons = 10
    @Option(help: "Every Nth claim answered `pending` is followed until `issued` (issuance lag).") var lagEvery = 20
    @Flag(help: "Run the servers in a child process and report server CPU per request.") var serverProcess = false

    func run() async throws {
        note("machine: \(Machine.summary); load average \(LoadAverage.text)")
        let rig = serverProcess ? try await Rig.child(hall: "Assets/halls/arena.hall", seconds: seconds)
            : try await Rig.inProcess(hall: "Assets/halls/arena.hall", seconds: seconds)
        do {
            try await measure(rig)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
        await ClaimsInProcess.measure().print()
    }

    private func measure(_ rig: Rig) async throws {
        let show = try await rig.bench.performance(hall: rig.hall, title: "Claims bench", rate: 1, maxActive: 1)
        var made: [String] = []
        for i in 0..<coupons {
            made.append(try await rig.bench.seller.createCoupon(CreateCouponRequest(
                name: "Claims \(i)", kind: "fixed", amount: 1_000, performanceId: show.id, totalQuantity: 1_000_000)).id)
        }
        let ids = made
        note("signing up \(buyers) buyers (setup, not measured)")
        let signed = try await rig.bench.signUpBuyers(buyers, tag: "claims")
        let pairs = signed.count * ids.count
        let next = Counter()
        let lag = LagProbe(port: rig.bench.port, every: lagEvery)

        var table = Table("Coupon claims, keep-alive clients, \(seconds) s per run (\(Format.int(pairs)) buyer×coupon pairs)",
                          columns: ["run", "users", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "statuses",
                                    "req/s ratio vs mean baseline", "server CPU µs/req", "CPU/req vs baseline"])
        let before = await rig.baselineRun(users)
        let withAuth = await rig.baselineRun(users, headers: ["Authorization": "Bearer \(signed[0].token)"])
        note("claims, \(users) users")
        let claims = await rig.serverRun("POST coupons/{id}/claim", users: users) { user, _ in
            let n = next.next()
            guard n < pairs else { return false }
            let buyer = signed[n % signed.count]
            let request = ClientRequest(method: "POST", path: "/v1/coupons/\(ids[n / signed.count])/claim",
                                        headers: ["Accept": "application/json", "Authorization": "Bearer \(buyer.token)"])
            guard let response = await user.send(request, kind: "claim") else { return true }
            if response.status == 202, n % lagEvery == 0,
               let answer = try? WireJSON.decode(ClaimCouponResponse.self, from: response.body), answer.status == .pending {
                lag.follow(answer.userCouponId, token: buyer.token)
            }
            return true
        }
        let after = await rig.baselineRun(users)
        let lags = await lag.finish()
        let baseline = (before.perSecond() + after.perSecond()) / 2
        let baseCPU = [before.serverMicrosPerRequest, after.serverMicrosPerRequest].compactMap { $0 }
        let baseMicros = baseCPU.isEmpty ? nil : baseCPU.reduce(0, +) / Double(baseCPU.count)
        let runs = [("baseline GET (before)", before), ("baseline GET + a claim's Authorization header", withAuth),
                    ("POST claim", claims), ("baseline GET (after)", after)]
        for (name, run) in runs {
            let total = run.total
            let cpu = run.serverMicrosPerRequest
            table.add([name, Format.int(users), Format.int(total.requests), Format.number(run.perSecond()),
                       Format.ms(total.latency.ms(50)), Format.ms(total.latency.ms(99)), Format.ms(total.latency.maxMs),
                       total.statusSummary, Format.ratio(run.perSecond() / baseline),
                       cpu.map { Format.number($0) } ?? "–",
                       cpu.flatMap { c in baseMicros.map { Format.ratio(c / $0) } } ?? "–"])
        }
        table.print()
        note(String(format: "claims vs header-matched baseline: %.2f× req/s", claims.perSecond() / withAuth.perSecond()))
        if let cpu = claims.serverMicrosPerRequest, let auth = withAuth.serverMicrosPerRequest {
            note(String(format: "claims CPU/req vs header-matched baseline: %.2f×", cpu / auth))
        }

        var lagTable = Table("Issuance-log lag under load: claim answered `pending` → GET /v1/me/coupons shows `issued`",
                             columns: ["sampled claims", "still pending at the end", "p50 ms", "p90 ms", "p99 ms", "max ms"])
        lagTable.add([Format.int(Int(lags.latency.count)), Format.int(lags.unresolved), Format.ms(lags.latency.ms(50)),
                      Format.ms(lags.latency.ms(90)), Format.ms(lags.latency.ms(99)), Format.ms(lags.latency.maxMs)])
        lagTable.print()
    }
}

/// Follows sampled `pending` claims until `GET /v1/me/coupons` shows them `issued` (5 ms polls,
/// at most 8 at once on their own connections, so the probe adds little load).
final class LagProbe: Sendable {
    let port: UInt16
    let every: Int
    private let tasks = Mutex<[Task<Duration?, Never>]>([])
    private let slots = Atomic<Int>(0)

    init(port: UInt16, every: Int) {
        self.port = port
        self.every = every
    }

    func follow(_ userCouponId: String, token: String) {
        guard slots.add(1, ordering: .relaxed).oldValue < 8 else {
            slots.subtract(1, ordering: .relaxed)
            return
        }
        let start = ContinuousClock.now
        let port = self.port
        let task = Task { () -> Duration? in
            defer { self.slots.subtract(1, ordering: .relaxed) }
            let api = APIClient(host: "127.0.0.1", port: port, token: token, timeout: 30)
            defer { Task { await api.http.close() } }
            while ContinuousClock.now - start < .seconds(20) {
                if let list = try? await api.myCoupons(),
                   list.coupons.contains(where: { $0.userCouponId == userCouponId && $0.status != .pending }) {
                    return ContinuousClock.now - start
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return nil
        }
        tasks.withLock { $0.append(task) }
    }

    func finish() async -> (latency: Latency, unresolved: Int) {
        var latency = Latency()
        var unresolved = 0
        for task in tasks.withLock({ $0 }) {
            if let lag = await task.value { latency.record(lag) } else { unresolved += 1 }
        }
        return (latency, unresolved)
    }
}

/// A shared ticket dispenser for closed-loop users.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
