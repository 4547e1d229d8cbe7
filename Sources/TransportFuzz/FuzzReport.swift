import Foundation

/// What a fuzz run saw. `serverFaults` counts 5xx answers other than 501 (the documented answer
/// to an unknown transfer coding) and 503 from the connection cap, which the fuzzer never reaches.
public struct FuzzReport: Sendable {
    public var casesSent = 0
    public var byKind: [String: Int] = [:]
    public var statuses: [Int: Int] = [:]
    public var serverFaults = 0
    public var nonJSONErrors = 0
    /// Complete requests that got neither an answer nor a close within the receive timeout.
    public var stalled = 0
    public var closedWithoutAnswer = 0
    public var webSocketCases = 0
    public var webSocketUnexpected = 0
    public var webSocketCloseCodes: [UInt16: Int] = [:]
    public var healthChecks = 0
    /// Health checks that failed: the server was down or did not answer 200.
    public var crashes = 0
    public var slowlorisOpened = 0
    public var slowlorisCutByServer = 0
    public var peakRSSKiB: Int?
    public var seconds = 0.0
    /// The first findings, with the case index that replays each (`--seed S --only-case N`).
    public var findings: [String] = []

    public init() {}

    mutating func finding(_ text: String) {
        if findings.count < 30 { findings.append(text) }
    }

    mutating func merge(_ other: FuzzReport) {
        casesSent += other.casesSent
        for (key, value) in other.byKind { byKind[key, default: 0] += value }
        for (key, value) in other.statuses { statuses[key, default: 0] += value }
        for (key, value) in other.webSocketCloseCodes { webSocketCloseCodes[key, default: 0] += value }
        serverFaults += other.serverFaults
        nonJSONErrors += other.nonJSONErrors
        stalled += other.stalled
        closedWithoutAnswer += other.closedWithoutAnswer
        webSocketCases += other.webSocketCases
        webSocketUnexpected += other.webSocketUnexpected
        for text in other.findings { finding(text) }
    }

    public var fiveXX: Int { statuses.filter { $0.key >= 500 }.values.reduce(0, +) }

    public var summary: String {
        var lines = [
            "cases sent: \(casesSent) in \(String(format: "%.1f", seconds)) s",
            "server crashes (failed health checks): \(crashes) of \(healthChecks) checks",
            "5xx answers: \(fiveXX) (server faults, i.e. not 501: \(serverFaults))",
            "error answers without the JSON error body: \(nonJSONErrors)",
            "stalled (no answer, no close): \(stalled); closed without an answer: \(closedWithoutAnswer)",
            "websocket cases: \(webSocketCases), unexpected outcomes: \(webSocketUnexpected), close codes: "
                + webSocketCloseCodes.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "),
            "slowloris connections: \(slowlorisOpened) opened, \(slowlorisCutByServer) cut by the server",
            "statuses: " + statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "),
            "peak RSS: " + (peakRSSKiB.map { "\($0 / 1024) MiB (\($0) KiB)" } ?? "unknown"),
        ]
        lines += findings.map { "finding: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Peak resident set (VmHWM) of a process, from /proc.
    public static func peakRSS(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
