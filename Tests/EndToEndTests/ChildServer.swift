import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `qticketd` run as a child process, for what an in-process server cannot do: die by SIGKILL.
/// Only the pid and port leave this value; the `Process` stays with the test that launched it.
struct ChildServer: Sendable {
    let pid: Int32
    let port: UInt16
    private let exited: AsyncStream<Int32>

    /// The binary `swift build` leaves in this package's `.build/debug`.
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/qticketd")
    }

    /// Starts `qticketd --port 0 --data DIR` and reads the bound port from its
    /// "qticketd listening on http://127.0.0.1:PORT" line (waiting at most `timeout` seconds).
    static func launch(dataDirectory: URL, environment: [String: String] = [:],
                       timeout: TimeInterval = 20) throws -> (server: ChildServer, lineReader: LineReader) {
        let child = try ChildProcess.start(binary, ["--host", "127.0.0.1", "--port", "0", "--data", dataDirectory.path],
                                           environment: environment, timeout: timeout)
        return (ChildServer(pid: child.pid, port: 0, exited: child.exited), child.lineReader)
    }

    func with(port: UInt16) -> ChildServer { ChildServer(pid: pid, port: port, exited: exited) }

    func kill() { _ = Glibc.kill(pid, SIGKILL) }

    /// Waits for the process to end (the termination handler has reaped it).
    func waitForExit() async {
        for await _ in exited { break }
    }
}

/// Reads the first stdout line of a child on a Dispatch thread: the blocking read must not sit on
/// one of the two cooperative threads the test's own server needs. Kills the child if no line
/// arrives in time, which ends the read with EOF.
struct LineReader: Sendable {
    let handle: FileHandle
    let pid: Int32
    let timeout: TimeInterval

    func firstLine() async -> String? {
        let watchdog = DispatchWorkItem { [pid] in _ = Glibc.kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        return await withCheckedContinuation { continuation in
            // A thread of its own: on Linux the Dispatch global queues are the cooperative pool.
            Thread.detachNewThread { [handle] in
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return continuation.resume(returning: nil) }
                    buffer.append(chunk)
                    if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        return continuation.resume(returning: String(decoding: buffer[..<newline], as: UTF8.self))
                    }
                }
            }
        }
    }
}
