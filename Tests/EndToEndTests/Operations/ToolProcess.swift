import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `qticketd` subcommand (`sandbox`, `alerts`) run as a child process on a kernel-chosen port,
/// read from its first stdout line ("... listening on http://HOST:PORT"). Stopped by SIGTERM.
final class ToolProcess: Sendable {
    let pid: Int32
    let port: UInt16
    private let exited: AsyncStream<Int32>

    private init(pid: Int32, port: UInt16, exited: AsyncStream<Int32>) {
        self.pid = pid
        self.port = port
        self.exited = exited
    }

    static func launch(_ arguments: [String], environment: [String: String] = [:],
                       timeout: TimeInterval = 20) async throws -> ToolProcess {
        let child = try ChildProcess.start(ChildServer.binary, arguments, environment: environment, timeout: timeout)
        guard let line = await child.lineReader.firstLine(), let colon = line.lastIndex(of: ":"),
              let port = UInt16(line[line.index(after: colon)...]) else {
            _ = Glibc.kill(child.pid, SIGKILL)
            throw ToolError("qticketd \(arguments.first ?? "") printed no listening line")
        }
        return ToolProcess(pid: child.pid, port: port, exited: child.exited)
    }

    /// SIGTERM, then the exit status (SIGKILL after `grace`, so a hung child cannot hang the test).
    @discardableResult
    func stop(grace: Duration = .seconds(10)) async -> Int32? {
        _ = Glibc.kill(pid, SIGTERM)
        let pid = self.pid
        let killer = Task {
            try await Task.sleep(for: grace)
            _ = Glibc.kill(pid, SIGKILL)
        }
        defer { killer.cancel() }
        for await status in exited { return status }
        return nil
    }
}

struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
