import Foundation
import Synchronization

/// Runs an external program to completion and returns its stdout, waiting without blocking a
/// thread of the cooperative pool (which serves an in-process server).
enum ChildProcess {
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let (status, text) = try await output(executable, arguments)
        guard status == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited with \(status)")
        }
        return text
    }

    /// Runs a program to its end and returns its exit status and standard output.
    static func output(_ executable: String, _ arguments: [String],
                       environment: [String: String] = [:]) async throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let output = Collected()
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        output.append(pipe.fileHandleForReading.readDataToEndOfFile())
        return (process.terminationStatus, output.text)
    }

    /// Starts a long-running program (its output discarded); the caller terminates it.
    static func start(_ executable: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Polls until something accepts TCP connections on 127.0.0.1:`port` (bounded).
    static func waitForPort(_ port: UInt16, process: Process, seconds: Double = 10) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw BenchError("\(process.executableURL?.path ?? "?") exited at start") }
            if canConnect(port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("nothing listening on 127.0.0.1:\(port) after \(seconds) s")
    }

    private static func canConnect(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The first `name` on PATH (or in /usr/sbin, where Debian puts nginx).
    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/usr/local/sbin"]
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

private final class Collected: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
