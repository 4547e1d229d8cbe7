import Foundation
import Synchronization
import TicketingProtocol

/// The demo server's log file: the server's JSON lines, the demo's own events in the same shape,
/// and (once a parent drives the demo) whatever lands on stderr.
final class DemoLog: Sendable {
    let file: URL
    private let lock = Mutex(())

    init(file: URL) {
        self.file = file
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
    }

    func append(_ line: String) {
        lock.withLock { _ in
            guard let handle = try? FileHandle(forWritingTo: file) else { return }
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
        }
    }

    /// A line in the server's ECS shape, so one reader handles the whole file.
    func event(_ message: String) {
        let fields: [String: String] = ["@timestamp": RFC3339.format(Date()), "log.level": "info",
                                        "log.logger": "qticketd.demo", "message": message]
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        append(String(decoding: data, as: UTF8.self))
    }

    func redirectStandardError() {
        let fd = open(file.path, O_WRONLY | O_APPEND)
        guard fd >= 0 else { return }
        dup2(fd, STDERR_FILENO)
        close(fd)
    }
}

/// Lines of standard input, read on a thread of their own (a blocking read must not hold one of
/// the cooperative pool's threads, which serve requests). The stream ends at end of input.
enum StandardInputLines {
    static func start() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let thread = Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(line) }
            continuation.finish()
        }
        thread.name = "qticketd-demo-stdin"
        thread.start()
        return stream
    }
}
