import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `qticket-bench rush --target` against a qticketd it did not start (a child here, with the
/// sandbox mounted and named as the gateway): setup through the API, the rush, and every
/// invariant read back through the API and the gateway's transactions lookup.
@Suite("qticket-bench rush --target")
struct RushTargetBenchTests {
    static var bench: URL {
        ChildServer.binary.deletingLastPathComponent().appendingPathComponent("qticket-bench")
    }

    static let environment = ["QTICKET_PASSWORD_ITERATIONS": "1000", "QTICKET_LOG_LEVEL": "critical"]

    @Test(.timeLimit(.minutes(2)))
    func aSmallRushAgainstARunningServerPassesEveryInvariant() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-rush-target-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = (email: "ops@rush-target.example.com", password: "ops password 1")
        let made = try await Self.run(ChildServer.binary, ["admin", "create", "--data", directory.path,
                                                           "--email", admin.email, "--password", admin.password],
                                      seconds: 30)
        #expect(made.status == 0, "admin create: \(made.output)")

        let (launched, reader) = try ChildServer.launch(dataDirectory: directory, environment: Self.environment.merging(
            ["QTICKET_PAYMENT_SANDBOX": "1"]) { $1 })
        defer { launched.kill() }
        let line = try #require(await reader.firstLine(), "qticketd printed no listening line")
        let port = try #require(line.split(separator: ":").last.flatMap { UInt16($0) })
        let hall = TestServer.assetsDirectory.appendingPathComponent("halls/theatre.hall").path

        let rush = try await Self.run(Self.bench, [
            "rush", "--target", "http://127.0.0.1:\(port)", "--gateway", "http://127.0.0.1:\(port)/sandbox-gateway",
            "--admin-email", admin.email, "--admin-password", admin.password, "--hall", hall,
            "--buyers", "50", "--ramp", "1", "--opens-in", "1", "--coupon-stock", "10", "--seconds", "40",
            "--poll-seconds", "2",
        ], seconds: 75)
        #expect(rush.status == 0, "bench output:\n\(rush.output)")
        for invariant in ["every order in a final state", "no seat sold twice", "buyers' paid answers match the server",
                          "coupon count exact", "exactly one gateway charge per paid order", "ledger balanced",
                          "sales ticketsSold = sold seats", "buyers ending paid, failed or sold out"] {
            let row = rush.output.split(separator: "\n").first { $0.contains(invariant) }
            #expect(row?.hasSuffix("| ok |") == true, "\(invariant): \(row ?? "missing")")
        }
        #expect(!rush.output.contains("VIOLATED"))
        // Charges were really listed from the gateway, not an empty ledger.
        let charges = rush.output.split(separator: "\n").first { $0.contains("exactly one gateway charge") } ?? ""
        #expect(!charges.contains("| 0 charges"), "\(charges)")
    }

    /// Runs `binary` to its end (killed after `seconds`); stdout and stderr together.
    static func run(_ binary: URL, _ arguments: [String], seconds: Double) async throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = ChildServer.binary.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        process.standardOutput = handle
        process.standardError = handle
        let (exited, exit) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exit.yield($0.terminationStatus); exit.finish() }
        try process.run()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(seconds))
            _ = Glibc.kill(pid, SIGKILL)
        }
        var status: Int32 = -1
        for await code in exited { status = code }
        watchdog.cancel()
        try? handle.close()
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
