import Foundation
import Testing
import TicketingClient
import TransportFuzz

/// A short qticket-fuzz run in the suite (the long runs are in docs/RELIABILITY.md): hostile
/// requests and frames must never get a 5xx fault, every error must be the JSON envelope,
/// slow heads must be cut, and the server must answer /health throughout.
@Suite("Network fuzzing")
struct FuzzSmokeTests {
    @Test func twoThousandHostileCasesLeaveTheServerUp() async throws {
        // A qticketd child, as an attacker meets it: a flood of hostile connections in this
        // process would share its socket pools and CPU with every other suite's servers.
        try #require(FileManager.default.isExecutableFile(atPath: ChildServer.binary.path),
                     "build qticketd first (swift build --build-tests)")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let (launched, reader) = try ChildServer.launch(dataDirectory: data, environment: [
            "QTICKET_PAYMENT_SANDBOX": "1", "QTICKET_LOG_LEVEL": "critical", "QTICKET_HEAD_TIMEOUT_SECONDS": "2",
        ])
        let line = try #require(await reader.firstLine(), "qticketd printed no listening line")
        let port = try #require(line.split(separator: ":").last.flatMap { UInt16($0) })
        let child = launched.with(port: port)
        defer { child.kill() }
        var options = FuzzRunner.Options(port: port)
        options.cases = 2_000
        options.seed = 20_261_201
        options.workers = 2
        // A bound on a stuck run, not a performance figure: normally it ends long before.
        options.timeLimit = 1_800
        let runner = FuzzRunner(options: options)
        let report = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: runner.run()) }
        }
        #expect(report.casesSent == 2_000, "\(report.summary)")
        #expect(report.crashes == 0, "\(report.summary)")
        #expect(report.serverFaults == 0, "\(report.summary)")
        #expect(report.nonJSONErrors == 0, "\(report.summary)")
        #expect(report.stalled == 0, "\(report.summary)")
        #expect(report.webSocketUnexpected == 0, "\(report.summary)")
        #expect(report.slowlorisCutByServer == report.slowlorisOpened, "\(report.summary)")
        #expect(report.webSocketCases > 0 && report.statuses[431, default: 0] > 0 && report.statuses[413, default: 0] > 0)
        #expect(try await APIClient(host: "127.0.0.1", port: port).send(method: "GET", path: "/health").status == 200)
        #expect(kill(child.pid, 0) == 0, "qticketd exited during the fuzz run")
    }
}
