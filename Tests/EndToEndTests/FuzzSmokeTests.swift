import Foundation
import Testing
import TransportFuzz

/// A short qticket-fuzz run in the suite (the long runs are in docs/RELIABILITY.md): hostile
/// requests and frames must never get a 5xx fault, every error must be the JSON envelope,
/// slow heads must be cut, and the server must answer /health throughout.
@Suite("Network fuzzing")
struct FuzzSmokeTests {
    @Test func twoThousandHostileCasesLeaveTheServerUp() async throws {
        let server = try await TestServer.start { $0.transport.headTimeout = .seconds(2) }
        defer { Task { await server.stop() } }
        var options = FuzzRunner.Options(port: server.port)
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
        #expect(try await server.client().send(method: "GET", path: "/health", body: nil, headers: [:]).status == 200)
    }
}
