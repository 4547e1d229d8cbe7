import Foundation
import Synchronization

/// Runs a program to its end and returns its status and standard error, waiting without holding
/// one of the cooperative pool's threads. Meant for short outputs: standard error is read once the
/// program has ended, so one that fills the pipe first would wait forever.
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil) async throws
    -> (status: Int32, standardError: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (status, text)
}

/// Log lines a server under test wrote, parsed as the JSON objects they are.
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    func json() -> [[String: Any]] {
        lines.withLock { $0 }.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }
}
