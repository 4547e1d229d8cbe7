import Foundation

/// One `/metrics` text: every sample by its series (`name{labels}` as written), and the names
/// of the families (`# TYPE` lines), for assertions and for `promtool check metrics`.
struct Scrape {
    let text: String
    let samples: [String: Double]
    let families: Set<String>
    /// Sample names, so `x_bucket` / `x_count` of a histogram count as exported.
    let sampleNames: Set<String>

    init(_ text: String) {
        self.text = text
        var samples: [String: Double] = [:]
        var families: Set<String> = []
        var names: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                families.insert(String(line.split(separator: " ")[2]))
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { continue }
            let series = String(line[..<space])
            samples[series] = Double(line[line.index(after: space)...])
            names.insert(String(series.prefix { $0 != "{" }))
        }
        self.samples = samples
        self.families = families
        sampleNames = names
    }

    static func of(_ server: TestServer) async throws -> Scrape {
        let response = try await server.client().send(method: "GET", path: "/metrics", body: nil, headers: [:])
        return Scrape(String(decoding: response.body, as: UTF8.self))
    }

    func value(_ series: String) -> Double? { samples[series] }

    /// Every label name used by any sample.
    var labelNames: Set<String> {
        let pattern = try! NSRegularExpression(pattern: "[{,]([a-zA-Z_][a-zA-Z0-9_]*)=\"")
        var names: Set<String> = []
        for series in samples.keys {
            let range = NSRange(series.startIndex..., in: series)
            for match in pattern.matches(in: series, range: range) {
                if let name = Range(match.range(at: 1), in: series) { names.insert(String(series[name])) }
            }
        }
        return names
    }

    /// `qticket_…` names in a PromQL expression (`up` is Prometheus' own).
    static func metricNames(in expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\\bqticket_[a-z0-9_]+\\b")
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { Range($0.range, in: expression).map { String(expression[$0]) } })
    }
}

/// Runs a tool from PATH with `input` on stdin; nil when the tool is not installed.
func runTool(_ name: String, _ arguments: [String], input: String? = nil,
             directory: URL? = nil) async throws -> (status: Int32, output: String)? {
    let candidates = ["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"].map { "\($0)/\(name)" }
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = ChildProcess.make(URL(fileURLWithPath: path), arguments)
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = stdin
    let ended = ChildProcess.exitStatus(of: process)
    try process.run()
    // Blocking pipe I/O on threads of their own, never on the cooperative pool.
    let data = Data((input ?? "").utf8)
    Thread.detachNewThread {
        try? stdin.fileHandleForWriting.write(contentsOf: data)
        try? stdin.fileHandleForWriting.close()
    }
    let text = await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(returning: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }
    for await status in ended { return (status, text) }
    return (-1, text)
}

/// The repository's root (for deploy/).
var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
