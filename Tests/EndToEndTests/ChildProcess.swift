import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child processes the end-to-end tests start, wired in one place: the environment merged
/// over this process's, the exit observed through the termination handler (nothing blocks one of
/// the cooperative pool's two threads waiting for it), a watchdog on every run.
enum ChildProcess {
    /// A started child: its pid, its exit status once it has ended, and its stdout's first line.
    struct Started: Sendable {
        let pid: Int32
        let exited: AsyncStream<Int32>
        let lineReader: LineReader
    }

    /// Starts `executable` with stdout piped to `lineReader` (which kills the child when no line
    /// comes within `timeout`) and stderr discarded.
    static func start(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                      timeout: TimeInterval = 20) throws -> Started {
        let process = make(executable, arguments, environment: environment)
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let exited = exitStatus(of: process)
        try process.run()
        return Started(pid: process.processIdentifier, exited: exited,
                       lineReader: LineReader(handle: stdout.fileHandleForReading, pid: process.processIdentifier,
                                              timeout: timeout))
    }

    /// Runs `executable` in `directory` to its end; `output` is its stdout and stderr together.
    /// Past `seconds` it gets SIGTERM and, `grace` later, SIGKILL (at once when `grace` is nil).
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL,
                    seconds: Double, grace: Duration? = nil) async throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = make(executable, arguments, environment: environment)
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let exited = exitStatus(of: process)
        try process.run()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(seconds))
            if let grace {
                _ = Glibc.kill(pid, SIGTERM)
                try await Task.sleep(for: grace)
            }
            _ = Glibc.kill(pid, SIGKILL)
        }
        var status: Int32 = -1
        for await code in exited { status = code }
        watchdog.cancel()
        try? handle.close()
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    static func make(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return process
    }

    /// The exit status, once, when the process ends (set before `run`, so no exit is missed).
    static func exitStatus(of process: Process) -> AsyncStream<Int32> {
        let (exited, exit) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            exit.yield(finished.terminationStatus)
            exit.finish()
        }
        return exited
    }
}
