import Foundation
import TicketingClient

/// What a set of virtual users achieved: per-kind latencies, statuses and the wall time used.
struct LoadStats: Sendable {
    var latency = Latency()
    var statuses: [Int: Int] = [:]
    var transportErrors = 0

    var requests: Int { statuses.values.reduce(0, +) + transportErrors }

    mutating func merge(_ other: LoadStats) {
        latency.merge(other.latency)
        statuses.merge(other.statuses, uniquingKeysWith: +)
        transportErrors += other.transportErrors
    }

    var statusSummary: String {
        var parts = statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\(Format.int($0.value))" }
        if transportErrors > 0 { parts.append("errors×\(transportErrors)") }
        return parts.joined(separator: " ")
    }
}

struct LoadResult: Sendable {
    var byKind: [String: LoadStats]
    var elapsed: Duration
    /// CPU time the server process used during the run (servers in a child process only).
    var serverCPU: Duration?

    /// Server CPU per answered request, in µs.
    var serverMicrosPerRequest: Double? {
        serverCPU.map { $0.seconds * 1e6 / Double(max(1, total.requests)) }
    }

    var total: LoadStats { byKind.values.reduce(into: LoadStats()) { $0.merge($1) } }

    func perSecond(_ kind: String? = nil) -> Double {
        let stats = kind.flatMap { byKind[$0] } ?? total
        return Double(stats.requests) / elapsed.seconds
    }
}

/// One virtual user's connection and its tallies, owned by the single task that drives it.
final class VirtualUser {
    let index: Int
    let http: HTTPClient
    private(set) var stats: [String: LoadStats] = [:]
    /// When pacing, the time the current request was due; latency counts from then, so a server
    /// that falls behind cannot hide its queueing (no coordinated omission).
    var dueAt: ContinuousClock.Instant?

    init(index: Int, http: HTTPClient) {
        self.index = index
        self.http = http
    }

    /// Sends one request and records its latency under `kind`; nil on a transport failure.
    func send(_ request: ClientRequest, kind: String) async -> ClientResponse? {
        let start = dueAt ?? ContinuousClock.now
        do {
            let response = try await http.send(request)
            stats[kind, default: LoadStats()].latency.record(ContinuousClock.now - start)
            stats[kind, default: LoadStats()].statuses[response.status, default: 0] += 1
            return response
        } catch {
            stats[kind, default: LoadStats()].transportErrors += 1
            return nil
        }
    }
}

/// Closed-loop (or paced) load: `clients.count` virtual users, each on its own kept-alive
/// connection, repeat `step` until `duration` is over or `step` returns false.
enum LoadDriver {
    typealias Step = @Sendable (VirtualUser, Int) async -> Bool

    /// Opens each connection with one untimed `warmup` request so connecting is not measured.
    static func connect(count: Int, port: UInt16, warmup: ClientRequest) async -> [HTTPClient] {
        await withTaskGroup(of: HTTPClient.self) { group in
            for i in 0..<count {
                group.addTask {
                    let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 60)
                    if i > 0 { try? await Task.sleep(for: .microseconds(200 * (i % 50))) }
                    _ = try? await client.send(warmup)
                    return client
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// `interval`: when set, each user starts a request every `interval` (spread evenly across
    /// users) instead of right after the previous answer.
    static func run(clients: [HTTPClient], duration: Duration, interval: Duration? = nil,
                    step: @escaping Step) async -> LoadResult {
        let start = ContinuousClock.now
        let end = start + duration
        let count = clients.count
        let merged = await withTaskGroup(of: [String: LoadStats].self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask {
                    let user = VirtualUser(index: index, http: client)
                    var iteration = 0
                    var due = start + (interval.map { $0 * (Double(index) / Double(count)) } ?? .zero)
                    while ContinuousClock.now < end {
                        if let interval {
                            try? await Task.sleep(until: due, clock: .continuous)
                            user.dueAt = due
                            due += interval
                        }
                        guard await step(user, iteration) else { break }
                        iteration += 1
                    }
                    return user.stats
                }
            }
            return await group.reduce(into: [String: LoadStats]()) { all, stats in
                all.merge(stats) { var a = $0; a.merge($1); return a }
            }
        }
        return LoadResult(byKind: merged, elapsed: ContinuousClock.now - start)
    }

    static func close(_ clients: [HTTPClient]) async {
        await withTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.close() } }
        }
    }
}
