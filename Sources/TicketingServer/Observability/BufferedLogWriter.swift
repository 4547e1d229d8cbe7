import Foundation
import Synchronization

/// Log lines gathered and written to a file descriptor in batches: one `write` per batch
/// instead of one per line (a `FileHandle.write` and a `Data` per request was most of the access
/// log's cost in the rush, BENCHMARKS.md). A batch goes out when it reaches `batchBytes`, when
/// the timer fires (every `interval`), at once for an urgent line (errors, so a crash right after
/// one still shows it), and on `flush()` — which the server calls when it stops and the process
/// calls at exit, so a clean stop loses nothing.
final class BufferedLogWriter: Sendable {
    static let batchBytes = 64 * 1024

    private let descriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held across a batch's write so batches reach the file in the order they were taken.
    private let writing = Mutex(())

    init(descriptor: Int32, interval: Duration) {
        self.descriptor = descriptor
        // Weak: the timer ends with the writer (tests make short-lived ones).
        Task.detached(priority: .utility) { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.flush()
            }
        }
    }

    func append(_ line: String, urgent: Bool) {
        let full = pending.withLock { bytes in
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            return bytes.count >= Self.batchBytes
        }
        if full || urgent { flush() }
    }

    func flush() {
        writing.withLock { _ in
            var batch: [UInt8] = []
            pending.withLock { swap(&$0, &batch) }
            guard !batch.isEmpty else { return }
            batch.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR {
                        continue
                    } else {
                        return // A closed or full log must not stop the server; the batch is dropped.
                    }
                }
            }
        }
    }
}
