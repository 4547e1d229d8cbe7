import Foundation

/// The rush's tables: outcome and throughput (with the bare-route baseline), latency per step,
/// errors by step and code.
struct RushReport {
    let result: RushResult
    /// nil against `--target` servers: the bare-route baseline runs on this machine only.
    let baseline: (before: Double, after: Double)?
    let buyers: Int
    /// The `--target` URL; nil for the bench's own child, whose CPU and memory are measured.
    var against: String?

    func print() {
        let outcomes = result.outcomes
        var paidOrders = 0, tickets = 0, failed = 0, soldOut = 0
        var gaveUp: [String: Int] = [:]
        for outcome in outcomes {
            switch outcome.result {
            case .paid(_, let seats): paidOrders += 1; tickets += seats
            case .failed: failed += 1
            case .soldOut: soldOut += 1
            case .gaveUp(let why): gaveUp[why, default: 0] += 1
            }
        }
        let seconds = result.elapsed.seconds
        let requests = result.tally.requests
        var summary = Table("Rush: \(Format.int(buyers)) buyers against "
                            + (against ?? "qticketd --payment-sandbox (child process)"), columns: ["measure", "value"])
        summary.add(["buyers paid / payment failed / sold out / gave up",
                     "\(paidOrders) / \(failed) / \(soldOut) / \(gaveUp.values.reduce(0, +))"])
        summary.add(["tickets sold (of \(Format.int(result.seats)) seats)", Format.int(tickets)])
        summary.add(["offered: arrivals over / per second (open loop) / load processes",
                     String(format: "%.1f s / %.0f / %d", result.ramp, Double(buyers) / max(result.ramp, 0.001),
                            result.loadProcesses)])
        summary.add(["wall time, first arrival → last buyer done", String(format: "%.1f s", seconds)])
        summary.add(["**tickets per minute** (goal ≥ 20,000)", Format.int(Int(Double(tickets) / seconds * 60))])
        summary.add(["orders paid per second", String(format: "%.1f", Double(paidOrders) / seconds)])
        summary.add(["HTTP requests (incl. polls, excl. WebSocket frames)", Format.int(requests)])
        summary.add(["of which fallback polls (no push within --poll-seconds)", Format.int(result.tally.polls)])
        summary.add(["requests per second", Format.number(Double(requests) / seconds)])
        if let baseline {
            summary.add(["baseline GET req/s before / after (bare FlyingFox, 64 users)",
                         "\(Format.number(baseline.before)) / \(Format.number(baseline.after))"])
            let baselineMean = (baseline.before + baseline.after) / 2
            summary.add(["rush req/s ÷ baseline req/s", Format.ratio(Double(requests) / seconds / baselineMean)])
        }
        guard against == nil else {
            summary.add(["load generator CPU (this process and its workers)", String(format: "%.1f s", result.clientCPU.seconds)])
            summary.print()
            printSteps(gaveUp: gaveUp)
            return
        }
        summary.add(["server CPU (utime+stime), share of the 2 cores",
                     String(format: "%.1f s (%.0f%%)", result.serverCPU.seconds,
                            100 * result.serverCPU.seconds / seconds / Double(ProcessInfo.processInfo.activeProcessorCount))])
        summary.add(["load generator CPU (this process), share of the 2 cores",
                     String(format: "%.1f s (%.0f%%)", result.clientCPU.seconds,
                            100 * result.clientCPU.seconds / seconds / Double(ProcessInfo.processInfo.activeProcessorCount))])
        if let gatewayCPU = result.gatewayCPU {
            summary.add(["payment gateway CPU (qticketd sandbox, its own process), per paid order",
                         String(format: "%.1f s, %.2f ms", gatewayCPU.seconds, gatewayCPU.seconds * 1e3 / Double(max(1, paidOrders)))])
        }
        summary.add(["server CPU per paid order", paidOrders == 0 ? "–"
                        : String(format: "%.2f ms", result.serverCPU.seconds * 1e3 / Double(paidOrders))])
        summary.add(["server CPU per buyer", String(format: "%.2f ms", result.serverCPU.seconds * 1e3 / Double(max(1, outcomes.count)))])
        summary.add(["server CPU per request", String(format: "%.0f µs", result.serverCPU.seconds * 1e6 / Double(max(1, requests)))])
        summary.add(["server VmRSS before / peak", "\(Format.mb(result.rssBefore)) / \(Format.mb(result.rssPeak))"])
        summary.print()
        printSteps(gaveUp: gaveUp)
    }

    private func printSteps(gaveUp: [String: Int]) {
        let outcomes = result.outcomes

        var steps = Table("Rush latency per step (HDR histogram, ms)",
                          columns: ["step", "count", "p50", "p90", "p99", "p99.9", "max"])
        let latencies = result.tally.latencies
        for step in RushStep.allCases {
            guard let latency = latencies[step], latency.count > 0 else { continue }
            steps.add([step.rawValue, Format.int(Int(latency.count)), Format.ms(latency.ms(50)), Format.ms(latency.ms(90)),
                       Format.ms(latency.ms(99)), Format.ms(latency.ms(99.9)), Format.ms(latency.maxMs)])
        }
        steps.print()

        var errors = Table("Rush errors by step and code (a 409 seat_unavailable hold attempt answers what is left)",
                           columns: ["step: code", "count"])
        for (code, count) in result.tally.errors.sorted(by: { $0.value > $1.value }) { errors.add([code, Format.int(count)]) }
        for (why, count) in gaveUp.sorted(by: { $0.value > $1.value }) { errors.add(["buyer gave up: \(why)", Format.int(count)]) }
        let failures = Dictionary(grouping: outcomes.compactMap { if case .failed(_, let code) = $0.result { code } else { nil } },
                                  by: { $0 }).mapValues(\.count)
        for (code, count) in failures.sorted(by: { $0.key < $1.key }) { errors.add(["order failed: \(code)", Format.int(count)]) }
        if errors.rows.isEmpty { errors.add(["none", "0"]) }
        errors.print()
    }
}
