import FlyingFox
import Synchronization

/// Whatever a handler is waiting for, the client hears within `ServerConfig.requestTimeout`: past
/// it the answer is 503 `service_unavailable` with `Retry-After`, and the handler's work goes on
/// to its end (an order or a payment it started completes; the client's retry with its
/// `Idempotency-Key` meets the result). nginx waits 20 s for an answer and counts a timeout
/// against the node (deploy/nginx/qticket.conf): answering first keeps one slow moment — a
/// backend restarting under a rush — from marking every node down at once.
enum RequestDeadline {
    /// `work`'s response, or nil when `limit` passed first.
    static func answer(within limit: Duration,
                       _ work: @escaping @Sendable () async -> HTTPResponse) async -> HTTPResponse? {
        await withCheckedContinuation { continuation in
            let slot = OneShot(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                if !Task.isCancelled { slot.resume(nil) }
            }
            Task {
                let response = await work()
                timer.cancel()
                slot.resume(response)
            }
        }
    }

    /// Resumes its continuation once; the later caller is ignored.
    private final class OneShot: Sendable {
        private let continuation: Mutex<CheckedContinuation<HTTPResponse?, Never>?>

        init(_ continuation: CheckedContinuation<HTTPResponse?, Never>) {
            self.continuation = Mutex(continuation)
        }

        func resume(_ response: HTTPResponse?) {
            continuation.withLock { pending in
                defer { pending = nil }
                return pending
            }?.resume(returning: response)
        }
    }
}
