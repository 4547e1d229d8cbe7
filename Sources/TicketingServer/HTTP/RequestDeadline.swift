import FlyingFox

/// Whatever a handler is waiting for, the client hears within `ServerConfig.requestTimeout`: past
/// it the answer is 503 `service_unavailable` with `Retry-After`, and the handler's work goes on
/// to its end (an order or a payment it started completes; the client's retry with its
/// `Idempotency-Key` meets the result). nginx waits 20 s for an answer and counts a timeout
/// against the node (deploy/nginx/qticket.conf): answering first keeps one slow moment — a
/// backend restarting under a rush — from marking every node down at once.
enum RequestDeadline {
    /// One timer for every request of the process.
    static let watchdog = DeadlineWatchdog<HTTPResponse>()

    /// `work`'s response, or nil when `limit` passed first.
    static func answer(within limit: Duration,
                       _ work: @escaping @Sendable () async -> HTTPResponse) async -> HTTPResponse? {
        await watchdog.answer(by: .now + limit, work)
    }
}
