import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The deployment of docs/OPERATIONS.md on loopback, run by `scripts/multinode.sh test SCENARIO`:
/// private Redis and PostgreSQL, one payment sandbox, qticketd nodes, nginx in front and
/// Prometheus scraping the nodes; a `qticket-bench rush --target` through nginx whose every
/// invariant must hold. The script bounds its run, checks everything it reports and stops every
/// process it started on any exit; these tests run it and read its verdict.
@Suite("Several nodes behind nginx")
struct MultiNodeTests {
    static let script = repositoryRoot.appendingPathComponent("scripts/multinode.sh")

    static let toolsInstalled = ["/usr/sbin/nginx", "/usr/bin/prometheus", "/usr/bin/redis-server", "/usr/bin/python3"]
        .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
        && ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).isEmpty == false

    /// Whether this build's qticketd takes `--redis` (the distributed backend of #16).
    static let distributedBuilt: Bool = {
        let process = Process()
        process.executableURL = ChildServer.binary
        process.arguments = ["serve", "--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let help = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: help, as: UTF8.self).contains("--redis")
    }()

    static let distributedReason: Comment =
        "qticketd --help has no --redis: the distributed backend (#16) is not in this build"

    /// Runs one scenario to its end; SIGTERM (the script's traps stop everything) after `seconds`,
    /// SIGKILL 30 s later.
    static func run(_ scenario: String, _ extra: [String] = [], seconds: Double = 240) async throws
        -> (status: Int32, output: String)
    {
        try await bash([script.path, "test", scenario] + extra,
                       environment: ["QT_MULTINODE_SECONDS": String(Int(seconds) - 10)], seconds: seconds)
    }

    /// `bash ARGUMENTS` in the repository with the tests' binaries as `QT_BIN`, output and errors
    /// together; SIGTERM after `seconds`, SIGKILL 30 s later.
    static func bash(_ arguments: [String], environment: [String: String] = [:], seconds: Double) async throws
        -> (status: Int32, output: String)
    {
        try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), arguments,
                                   environment: environment.merging(
                                       ["QT_BIN": ChildServer.binary.deletingLastPathComponent().path]) { $1 },
                                   in: repositoryRoot, seconds: seconds, grace: .seconds(30))
    }

    static func expectPass(_ scenario: String, _ result: (status: Int32, output: String),
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "scripts/multinode.sh test \(scenario):\n\(result.output)", sourceLocation: sourceLocation)
        #expect(result.output.contains("PASS \(scenario)"), sourceLocation: sourceLocation)
        #expect(result.output.contains("rush: every invariant ok"), sourceLocation: sourceLocation)
    }

    /// The plumbing without Redis/PostgreSQL: one embedded node behind nginx, killed two seconds
    /// into a rush through nginx; Prometheus reports it down; restarted, it serves through nginx
    /// again and the buyers' retries carry the rush to every invariant.
    @Test(.enabled(if: toolsInstalled, "needs nginx, prometheus, redis-server, postgresql and python3 (.ci/deps)"),
          .timeLimit(.minutes(5)))
    func anEmbeddedNodeKilledMidRushBehindNginx() async throws {
        let result = try await Self.run("smoke")
        Self.expectPass("smoke", result)
        #expect(result.output.contains("QticketNodeDown firing"))
        #expect(result.output.contains("node 1 serves again"))
    }

    /// Issue #19: three nodes behind nginx, node 2 SIGKILLed two seconds into the rush of the
    /// issue's 2,000 buyers over 20 s on the arena. Three distributed debug nodes on two cores
    /// finish it in about a minute with every invariant (BENCHMARKS.md, "2,000 buyers through 3
    /// debug nodes, node 2 killed"), far inside the script's 230 s bound and this time limit.
    @Test(.enabled(if: toolsInstalled, "needs nginx, prometheus, redis-server, postgresql and python3 (.ci/deps)"),
          .enabled(if: distributedBuilt, distributedReason), .timeLimit(.minutes(5)))
    func threeNodesRideOutOneKilledMidRush() async throws {
        let result = try await Self.run("node-kill", ["--buyers", "2000"])
        Self.expectPass("node-kill", result)
        #expect(result.output.contains("QticketNodeDown firing"))
        #expect(result.output.contains("node 2 serves again"))
    }

    /// Issue #16: two nodes on one Redis and one PostgreSQL share one rush.
    @Test(.enabled(if: toolsInstalled, "needs nginx, prometheus, redis-server, postgresql and python3 (.ci/deps)"),
          .enabled(if: distributedBuilt, distributedReason), .timeLimit(.minutes(5)))
    func twoNodesShareOneRush() async throws {
        Self.expectPass("two-nodes", try await Self.run("two-nodes"))
    }

    /// Issue #16: Redis SIGKILLed mid-rush and started again on its AOF.
    @Test(.enabled(if: toolsInstalled, "needs nginx, prometheus, redis-server, postgresql and python3 (.ci/deps)"),
          .enabled(if: distributedBuilt, distributedReason), .timeLimit(.minutes(5)))
    func redisRestartedMidRush() async throws {
        let result = try await Self.run("redis-restart")
        Self.expectPass("redis-restart", result)
        #expect(result.output.contains("SIGKILL redis"))
    }

    /// Issue #16: PostgreSQL restarted (`pg_ctl restart -m fast`) mid-rush.
    @Test(.enabled(if: toolsInstalled, "needs nginx, prometheus, redis-server, postgresql and python3 (.ci/deps)"),
          .enabled(if: distributedBuilt, distributedReason), .timeLimit(.minutes(5)))
    func postgresRestartedMidRush() async throws {
        let result = try await Self.run("postgres-restart")
        Self.expectPass("postgres-restart", result)
        #expect(result.output.contains("pg_ctl restart"))
    }
}
