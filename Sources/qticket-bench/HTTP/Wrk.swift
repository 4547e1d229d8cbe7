import Foundation

/// Runs `wrk` (a separate, C-efficient load generator) and reads its summary.
struct Wrk {
    struct Result {
        var requestsPerSecond: Double
        var p50: String
        var p90: String
        var p99: String
        var non2xx: Int
    }

    let executable: String
    let threads = 2
    var connections = 64
    let seconds: Int

    /// The first `name` on PATH.
    static func find(_ name: String = "wrk") -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Waits without blocking a thread of the cooperative pool, which serves the in-process server.
    func run(url: String, script: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        var arguments = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency"]
        if let script { arguments += ["-s", script] }
        // wrk's exit status is not checked: a run that fails shows as NaN req/s in the table.
        let (_, text) = try await ChildProcess.output(executable, arguments + [url], environment: environment)
        return Self.parse(text)
    }

    static func parse(_ text: String) -> Result {
        var result = Result(requestsPerSecond: .nan, p50: "–", p90: "–", p99: "–", non2xx: 0)
        for raw in text.split(separator: "\n") {
            let fields = raw.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = fields.first else { continue }
            switch first {
            case "Requests/sec:": result.requestsPerSecond = Double(fields.last ?? "") ?? .nan
            case "50%": result.p50 = fields.last ?? "–"
            case "90%": result.p90 = fields.last ?? "–"
            case "99%": result.p99 = fields.last ?? "–"
            case "Non-2xx": result.non2xx = Int(fields.last ?? "") ?? 0
            default: break
            }
        }
        return result
    }

    /// A lua script that sends `POST` with each token of a file in turn (an empty body).
    static func joinScript(tokensFile: String) -> String { tokenScript(tokensFile: tokensFile, method: "POST") }

    /// A lua script that sends `method` with each token of a file in turn (an empty body).
    static func tokenScript(tokensFile: String, method: String) -> String {
        """
        local tokens = {}
        for line in io.lines("\(tokensFile)") do tokens[#tokens + 1] = line end
        local i = 0
        request = function()
          i = i + 1
          local token = tokens[(i % #tokens) + 1]
          return wrk.format("\(method)", wrk.path, {["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0"}, nil)
        end
        """
    }
}

