import Foundation
import Synchronization

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency"]
        if let script { arguments += ["-s", script] }
        process.arguments = arguments + [url]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let output = Output()
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        output.append(pipe.fileHandleForReading.readDataToEndOfFile())
        return Self.parse(output.text)
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

/// Collects a child's output from the pipe's handler thread.
private final class Output: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
