import Foundation
import Testing

/// `qticket-bench rush --stop-after`: buyers go only as far as the named step and close their
/// sockets, so runs stopping at each step price the steps by the server's CPU per buyer.
@Suite("qticket-bench rush --stop-after")
struct RushStopAfterBenchTests {
    @Test(.timeLimit(.minutes(2)))
    func buyersStopAfterTheirHoldAndNoOrderIsMade() async throws {
        let hall = TestServer.assetsDirectory.appendingPathComponent("halls/theatre.hall").path
        let buyers = 30
        let rush = try await RushTargetBenchTests.run(RushTargetBenchTests.bench, [
            "rush", "--server", ChildServer.binary.path, "--hall", hall, "--buyers", String(buyers), "--ramp", "0.5",
            "--coupon-stock", "10", "--seconds", "40", "--baseline-seconds", "1", "--stop-after", "hold",
        ], seconds: 90)
        let lines = rush.output.split(separator: "\n").map(String.init)
        #expect(rush.status == 0, "bench output:\n\(rush.output)")
        #expect(lines.contains("| buyer gave up: stopped by --stop-after | \(buyers) |"), "\(rush.output)")
        #expect(lines.contains { $0.hasPrefix("| hold, with retries | \(buyers) |") }, "\(rush.output)")
        #expect(!lines.contains { $0.hasPrefix("| order (POST orders) |") }, "an order was made:\n\(rush.output)")
        #expect(lines.contains("| server CPU per paid order | – |"), "\(rush.output)")
        let perBuyer = lines.first { $0.hasPrefix("| server CPU per buyer | ") }
        #expect(perBuyer?.hasSuffix(" ms |") == true, "\(perBuyer ?? "no server CPU per buyer row")")
        #expect(rush.output.contains("buyers stopped after hold: invariants not checked"), "\(rush.output)")
    }
}
