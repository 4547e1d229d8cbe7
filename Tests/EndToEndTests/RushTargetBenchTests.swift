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

    static let admin = (email: "ops@rush-target.example.com", password: "ops password 1")
    static let invariants = ["every order in a final state", "one order per hold", "no seat sold twice",
                             "buyers' paid answers match the server", "coupon count exact",
                             "exactly one gateway charge per paid order", "ledger balanced", "sales ticketsSold = sold seats",
                             "seller statements balanced", "buyers ending paid, failed or sold out"]

    /// A qticketd child with an admin account, paying through its own mounted sandbox unless
    /// `payment` says otherwise; the caller kills it.
    static func server(in directory: URL,
                       payment: [String: String] = ["QTICKET_PAYMENT_SANDBOX": "1"]) async throws -> (ChildServer, UInt16) {
        let made = try await run(ChildServer.binary, ["admin", "create", "--data", directory.path,
                                                      "--email", admin.email, "--password", admin.password], seconds: 30)
        try #require(made.status == 0, "admin create: \(made.output)")
        let (launched, reader) = try ChildServer.launch(dataDirectory: directory, environment: environment.merging(
            payment) { $1 })
        guard let line = await reader.firstLine(), let port = line.split(separator: ":").last.flatMap({ UInt16($0) }) else {
            launched.kill()
            throw BenchFailure("qticketd printed no listening line")
        }
        return (launched, port)
    }

    struct BenchFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func rush(target: UInt16, gateway: UInt16, buyers: Int = 50) async throws -> (status: Int32, output: String) {
        let hall = TestServer.assetsDirectory.appendingPathComponent("halls/theatre.hall").path
        return try await run(bench, [
            "rush", "--target", "http://127.0.0.1:\(target)", "--gateway", "http://127.0.0.1:\(gateway)/sandbox-gateway",
            "--admin-email", admin.email, "--admin-password", admin.password, "--hall", hall,
            "--buyers", String(buyers), "--ramp", "1", "--opens-in", "1", "--coupon-stock", "10", "--seconds", "40",
            "--poll-seconds", "2",
        ], seconds: 75)
    }

    static func expectEveryInvariant(_ rush: (status: Int32, output: String)) {
        #expect(rush.status == 0, "bench output:\n\(rush.output)")
        for invariant in invariants {
            let row = rush.output.split(separator: "\n").first { $0.contains(invariant) }
            #expect(row?.hasSuffix("| ok |") == true, "\(invariant): \(row ?? "missing")")
        }
        #expect(!rush.output.contains("VIOLATED"))
        // Charges were really listed from the gateway, not an empty ledger.
        let charges = rush.output.split(separator: "\n").first { $0.contains("exactly one gateway charge") } ?? ""
        #expect(!charges.contains("| 0 charges"), "\(charges)")
    }

    @Test(.timeLimit(.minutes(2)))
    func aSmallRushAgainstARunningServerPassesEveryInvariant() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-rush-target-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (child, port) = try await Self.server(in: directory)
        defer { child.kill() }
        Self.expectEveryInvariant(try await Self.rush(target: port, gateway: port))
    }

    /// Nodes that pay through a gateway elsewhere (another process's sandbox): buyers check out
    /// at the gateway's own address and the charges come from its transactions lookup.
    @Test(.timeLimit(.minutes(2)))
    func aRushWhoseNodePaysThroughAnotherGateway() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-rush-gw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let (gatewayChild, gateway) = try await Self.server(in: base.appendingPathComponent("gateway"))
        defer { gatewayChild.kill() }
        let (child, port) = try await Self.server(in: base.appendingPathComponent("node"), payment: [
            "QTICKET_PAYMENT_GATEWAY": "http://127.0.0.1:\(gateway)/sandbox-gateway",
            "QTICKET_PAYMENT_SECRET_KEY": "test_sk_queueticket_sandbox",
            "QTICKET_PAYMENT_CLIENT_KEY": "test_ck_queueticket_sandbox",
        ])
        defer { child.kill() }
        Self.expectEveryInvariant(try await Self.rush(target: port, gateway: gateway, buyers: 30))
    }

    /// The same rush through a balancer that keeps cutting every connection (WebSockets too) and
    /// answers some requests 502/503, closes some unanswered, loses some answers after the server
    /// ran them: the buyers retry and resume, and every invariant still holds.
    @Test(.timeLimit(.minutes(2)))
    func theRushRidesOutAFaultyBalancer() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-rush-target-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (child, port) = try await Self.server(in: directory)
        defer { child.kill() }
        let proxy = try await FaultProxy.start(upstream: port)
        let faults: [FaultProxy.Fault] = [.status(502), .closeBeforeAnswer, .status(503, retryAfter: 0), .loseAnswer]
        // Five rounds once the rush is under way (the first WebSocket upgrade): bounded, so a
        // starved machine where every request is slow cannot have one cut on all its tries.
        let chaos = Task {
            while !Task.isCancelled, !proxy.requestHeads.contains(where: { $0.hasPrefix("GET /v1/ws") }) {
                try? await Task.sleep(for: .milliseconds(20))
            }
            for round in 0..<5 where !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(300))
                proxy.cutAll()
                proxy.plan([faults[round % faults.count]], sparingWebSockets: true)
            }
        }
        let rush = try await Self.rush(target: proxy.port, gateway: port)
        chaos.cancel()
        await proxy.stop()
        Self.expectEveryInvariant(rush)
        #expect(rush.output.contains("websocket: reconnected and resumed"), "no WebSocket was cut and resumed:\n\(rush.output)")
        #expect(proxy.faultsServed >= 3, "only \(proxy.faultsServed) planned faults met a request")
        #expect(rush.output.contains("| retried: "), "no request was retried:\n\(rush.output)")
    }

    /// Runs `binary` to its end (killed after `seconds`); stdout and stderr together.
    static func run(_ binary: URL, _ arguments: [String], seconds: Double) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(binary, arguments, environment: environment, in: repositoryRoot, seconds: seconds)
    }
}
