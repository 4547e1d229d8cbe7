import Foundation
import Synchronization

/// A server as a child process, so its memory and CPU are measured alone (/proc/PID/…).
final class ChildServer: Sendable {
    let process: Process
    /// Ports from the "… listening on http://HOST:PORT" lines, in the order printed.
    let ports: [UInt16]

    private init(process: Process, ports: [UInt16]) {
        self.process = process
        self.ports = ports
    }

    var port: UInt16 { ports[0] }

    var pid: Int32 { process.processIdentifier }

    /// Starts `binary arguments…` and waits for `listening` lines naming the bound ports.
    /// `environment` is added to this process's own (Foundation does not pass on `setenv`).
    static func start(binary: String, arguments: [String], listening: Int = 1,
                      environment: [String: String] = [:]) async throws -> ChildServer {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) not found: build it with swift build -c release --product \(URL(fileURLWithPath: binary).lastPathComponent)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let found = Mutex<(text: String, resumed: Bool)>(("", false))
        let ports: [UInt16] = try await withCheckedThrowingContinuation { continuation in
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                found.withLock { state in
                    guard !state.resumed else { return }
                    if chunk.isEmpty {
                        state.resumed = true
                        continuation.resume(throwing: BenchError("qticketd exited before listening"))
                        return
                    }
                    state.text += String(decoding: chunk, as: UTF8.self)
                    let ports = state.text.split(separator: "\n").filter { $0.contains("listening on http://") }
                        .compactMap { $0.split(separator: ":").last.flatMap { UInt16($0.trimmingCharacters(in: .whitespaces)) } }
                    if ports.count >= listening {
                        state.resumed = true
                        continuation.resume(returning: ports)
                    }
                }
            }
            do { try process.run() } catch {
                found.withLock { $0.resumed = true }
                continuation.resume(throwing: error)
            }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        return ChildServer(process: process, ports: ports)
    }

    var rss: Int { ProcessMemory.rss(pid: pid) }

    /// User + system CPU time the server has used so far, from /proc/PID/stat.
    var cpuTime: Duration { Self.cpuTime(process: "\(pid)") }

    /// utime + stime of `/proc/<process>/stat` (`self` for this process).
    static func cpuTime(process: String) -> Duration {
        guard let text = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return .zero }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return .zero }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return .seconds(Double(user + system) / ticks)
    }

    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(pid, SIGKILL) }
    }
}
