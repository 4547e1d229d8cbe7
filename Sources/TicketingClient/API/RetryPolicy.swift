import Foundation

/// How a client behind a load balancer retries: a refused connection, a connection closed or
/// reset before the answer, and 429/502/503/504 are tried again, up to `maxAttempts` in all,
/// after `random · min(maxDelay, baseDelay · 2^(n−1))` (exponential backoff with full jitter) or
/// the `Retry-After` the answer carried, whichever is longer.
///
/// Only a refused connection is retried for any request (nothing left this machine). Anything
/// else is retried only for a request the server may see twice without harm: a safe method, or
/// one carrying an `Idempotency-Key` (docs/API.md: the server replays the first answer).
/// With `keyUnsafeRequests` the sender gives every unsafe request a key, the same on each try.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited out: the error goes back to the caller.
    public var maxRetryAfter: Duration
    public var keyUnsafeRequests: Bool

    public init(maxAttempts: Int, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5),
                maxRetryAfter: Duration = .seconds(10), keyUnsafeRequests: Bool = true) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.keyUnsafeRequests = keyUnsafeRequests
    }

    /// One try, no key added: what `APIClient` did before it had a policy.
    public static let none = RetryPolicy(maxAttempts: 1, keyUnsafeRequests: false)

    /// For clients of several nodes behind a load balancer: rides out a node restart of a few seconds.
    public static let loadBalanced = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(100), maxDelay: .seconds(4))

    public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// The ceiling of the backoff before try `attempt + 1` (`attempt` ≥ 1 tries done).
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(0, attempt - 1), 30)
        let grown = baseDelay * (1 << exponent)
        return min(maxDelay, grown)
    }

    /// The wait before try `attempt + 1`: full jitter (`unit` in 0..<1) under the ceiling, but
    /// never shorter than the server's `Retry-After`.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, unit: Double) -> Duration {
        let jittered = ceiling(afterAttempt: attempt) * min(max(unit, 0), 1)
        guard let retryAfter else { return jittered }
        return max(jittered, retryAfter)
    }

    /// Whether the failure of one try is worth another, and the `Retry-After` it carried.
    public enum Verdict: Sendable, Equatable {
        case retry(retryAfter: Duration?)
        case giveUp
    }

    public func verdict(response: ClientResponse, request: ClientRequest) -> Verdict {
        guard Self.retryableStatuses.contains(response.status), Self.isReplayable(request) else { return .giveUp }
        let retryAfter = response.header("retry-after")
            .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .map { Duration.milliseconds(Int(($0 * 1_000).rounded())) }
        if let retryAfter, retryAfter > maxRetryAfter { return .giveUp }
        return .retry(retryAfter: retryAfter)
    }

    public func verdict(error: any Error, request: ClientRequest) -> Verdict {
        switch error as? HTTPClientError {
        case .connectionFailed: .retry(retryAfter: nil)
        case .connectionClosed, .transport: Self.isReplayable(request) ? .retry(retryAfter: nil) : .giveUp
        default: .giveUp
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? HTTPClientError {
        case .connectionFailed: "connection refused"
        case .connectionClosed: "connection closed before the answer"
        default: "network error"
        }
    }

    /// Safe methods, or a request whose repeat the server recognises by its key.
    public static func isReplayable(_ request: ClientRequest) -> Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(request.method.uppercased())
            || request.headers.keys.contains { $0.lowercased() == "idempotency-key" }
    }

    /// `request` with an `Idempotency-Key` when the policy keys unsafe requests and it has none.
    public func keyed(_ request: ClientRequest, key: @Sendable () -> String = { "qt-" + UUID().uuidString }) -> ClientRequest {
        guard keyUnsafeRequests, !Self.isReplayable(request) else { return request }
        var request = request
        request.headers["Idempotency-Key"] = key()
        return request
    }

    /// Sends `request` through `attempt` until it succeeds, fails for good, or `maxAttempts` tries
    /// are spent; the last answer (any status) or error goes back. The key, if one is added, is
    /// the same on every try. `sleep` and `unit` are injected so tests see the waits; `onRetry`
    /// hears why each try is repeated ("HTTP 502", "connection refused", …).
    public func send(_ request: ClientRequest,
                     attempt: @Sendable (ClientRequest) async throws -> ClientResponse,
                     sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                     unit: @Sendable () -> Double = { Double.random(in: 0..<1) },
                     onRetry: @Sendable (String) -> Void = { _ in }) async throws -> ClientResponse {
        let request = keyed(request)
        var tries = 0
        while true {
            tries += 1
            let retryAfter: Duration?
            do {
                let response = try await attempt(request)
                guard tries < maxAttempts, case .retry(let after) = verdict(response: response, request: request) else {
                    return response
                }
                retryAfter = after
                onRetry("HTTP \(response.status)")
            } catch {
                guard tries < maxAttempts, case .retry(let after) = verdict(error: error, request: request) else {
                    throw error
                }
                retryAfter = after
                onRetry(Self.reason(error))
            }
            try await sleep(delay(afterAttempt: tries, retryAfter: retryAfter, unit: unit()))
        }
    }
}
