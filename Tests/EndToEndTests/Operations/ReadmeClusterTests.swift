import Foundation
import Testing

/// README.md's "Running several nodes" block, run as written (issue #19: done when it works on a
/// fresh machine): only its build line is left out, since the tests run on that build, and its
/// directory is a fresh one. Every rush in it must end with every invariant held.
@Suite("README: several nodes, as written")
struct ReadmeClusterTests {
    static let readmeDirectory = "/tmp/qt-cluster"

    /// The first `sh` block after the README's "### Running several nodes" heading.
    static func block() throws -> [String] {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Running several nodes"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
    }

    @Test func theBlockBuildsStartsRushesKillsAndStops() throws {
        let lines = try Self.block()
        #expect(lines.first?.hasPrefix("swift build") == true)
        #expect(lines.contains { $0.hasPrefix("scripts/multinode.sh up \(Self.readmeDirectory)") })
        #expect(lines.contains { $0.hasPrefix("scripts/multinode.sh kill-node") })
        #expect(lines.last?.hasPrefix("scripts/multinode.sh down \(Self.readmeDirectory)") == true)
    }

    @Test(.enabled(if: MultiNodeTests.toolsInstalled, "needs nginx, prometheus, redis-server, postgresql and python3 (.ci/deps)"),
          .enabled(if: MultiNodeTests.distributedBuilt, MultiNodeTests.distributedReason), .timeLimit(.minutes(6)))
    func theReadmeClusterRunsAsWritten() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qt-readme-\(UUID().uuidString)").path
        let commands = try Self.block().dropFirst()
            .map { $0.replacingOccurrences(of: Self.readmeDirectory, with: directory) }
        let script = (["set -euo pipefail", "trap 'scripts/multinode.sh down \(directory) >/dev/null 2>&1 || true' EXIT"]
            + commands).joined(separator: "\n")
        let result = try await MultiNodeTests.bash(["-c", script], seconds: 300)
        #expect(result.status == 0, "README block:\n\(result.output)")
        #expect(result.output.components(separatedBy: "rush: every invariant ok").count - 1 == 2, "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/nginx/nginx.pid"), "down stopped nginx")
    }
}
