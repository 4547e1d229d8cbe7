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

    /// Stopped buyers keep their admissions, so buyers past --max-active would only wait; and
    /// --target servers' CPU is not the bench's to read. Both are refused before anything starts.
    @Test(.timeLimit(.minutes(1)))
    func runsItCannotPriceAreRefused() async throws {
        let tooMany = try await RushTargetBenchTests.run(RushTargetBenchTests.bench, [
            "rush", "--stop-after", "join", "--buyers", "3", "--max-active", "2"], seconds: 30)
        #expect(tooMany.status != 0)
        #expect(tooMany.output.contains("use at most --max-active (2) buyers"), "\(tooMany.output)")
        let remote = try await RushTargetBenchTests.run(RushTargetBenchTests.bench, [
            "rush", "--stop-after", "order", "--target", "http://127.0.0.1:9"], seconds: 30)
        #expect(remote.status != 0)
        #expect(remote.output.contains("it does not apply with --target"), "\(remote.output)")
    }
}
