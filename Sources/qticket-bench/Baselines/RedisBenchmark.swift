import Foundation

/// `redis-benchmark` runs against the baseline redis-server: the sorted-set operations a waiting
/// room built on redis would use (ZADD to join, ZRANK for a buyer's place) and INCR (a counter).
struct RedisBenchmark {
    struct Result {
        var requestsPerSecond: Double
        var p50ms: Double
        var p99ms: Double
    }

    let executable: String
    let cli: String
    let port: UInt16
    let requests: Int
    let clients: Int

    /// Member `i` is `usr_` + 20 digits: the same 24 bytes as our server-shaped user ids, and
    /// what `usr_00000000__rand_int__` expands to (redis-benchmark pads `__rand_int__` to 12 digits).
    static let member = "usr_00000000__rand_int__"

    /// Fills sorted set `key` with members 0..<count inside redis (one EVAL, not measured).
    func fill(key: String, count: Int) async throws {
        let script = "for i=0,\(count - 1) do redis.call('ZADD', KEYS[1], i, 'usr_00000000' .. string.format('%012d', i)) end return redis.call('ZCARD', KEYS[1])"
        let out = try await ChildProcess.run(cli, ["-h", "127.0.0.1", "-p", "\(port)", "EVAL", script, "1", key])
        guard Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) == count else {
            throw BenchError("redis fill of \(key) answered \(out)")
        }
    }

    /// One command, `pipeline` requests in flight per connection. `randomRange` makes
    /// `__rand_int__` uniform in 0..<randomRange.
    func run(_ command: [String], pipeline: Int = 1, randomRange: Int? = nil) async throws -> Result {
        var arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-c", "\(clients)", "-n", "\(requests)",
                         "-P", "\(pipeline)", "--csv"]
        if let randomRange { arguments += ["-r", "\(randomRange)"] }
        let out = try await ChildProcess.run(executable, arguments + command)
        return try Self.parse(out)
    }

    /// The CSV's data row: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95…","p99…","max…".
    static func parse(_ text: String) throws -> Result {
        let rows = text.split(separator: "\n").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r ")) } }
        guard let row = rows.last(where: { $0.count >= 2 && Double($0[1]) != nil }) else {
            throw BenchError("redis-benchmark printed no result: \(text.prefix(300))")
        }
        let header = rows.first { $0.first == "test" } ?? []
        func column(_ name: String) -> Double {
            guard let index = header.firstIndex(of: name), index < row.count else { return .nan }
            return Double(row[index]) ?? .nan
        }
        return Result(requestsPerSecond: Double(row[1]) ?? .nan, p50ms: column("p50_latency_ms"), p99ms: column("p99_latency_ms"))
    }
}
