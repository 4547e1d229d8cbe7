import Foundation
import Synchronization

/// Runs a program to its end and returns its status and standard error, waiting without holding
/// one of the cooperative pool's threads. Meant for short outputs: standard error is read once the
/// program has ended, so one that fills the pipe first would wait forever.
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil) async throws
    -> (status: Int32, standardError: String) {
    let process = ChildProcess.make(executable, arguments)
    if let directory { process.currentDirectoryURL = directory }
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    let exited = ChildProcess.exitStatus(of: process)
    try process.run()
    var status: Int32 = -1
    for await code in exited { status = code }
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
