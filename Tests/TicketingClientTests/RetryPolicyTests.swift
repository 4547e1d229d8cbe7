import Foundation
import Synchronization
import Testing
import TicketingClient

/// The retry rules of a client behind a load balancer, with scripted answers and recorded waits
/// (no sockets, no sleeping).
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1),
                             maxRetryAfter: .seconds(10))

    /// Answers the scripted outcomes in turn and records every request it was given.
    final class Script: Sendable {
        enum Step: Sendable { case status(Int, retryAfter: String? = nil), fail(HTTPClientError) }
        private let steps: Mutex<[Step]>
        private let seen = Mutex<[ClientRequest]>([])
        private let waits = Mutex<[Duration]>([])
        private let why = Mutex<[String]>([])

        init(_ steps: [Step]) { self.steps = Mutex(steps) }

        func attempt(_ request: ClientRequest) throws -> ClientResponse {
            seen.withLock { $0.append(request) }
            let step = steps.withLock { $0.isEmpty ? Step.status(200) : $0.removeFirst() }
            switch step {
            case let .status(code, retryAfter):
                return ClientResponse(status: code, headers: retryAfter.map { ["retry-after": $0] } ?? [:])
            case .fail(let error): throw error
            }
        }

        func sleep(_ duration: Duration) { waits.withLock { $0.append(duration) } }
        func retried(_ reason: String) { why.withLock { $0.append(reason) } }
        var reasons: [String] { why.withLock { $0 } }
        var requests: [ClientRequest] { seen.withLock { $0 } }
        var slept: [Duration] { waits.withLock { $0 } }
    }

    func run(_ policy: RetryPolicy, _ request: ClientRequest, _ script: Script,
             unit: Double = 0.5) async throws -> ClientResponse {
        try await policy.send(request, attempt: { try script.attempt($0) }, sleep: { script.sleep($0) }, unit: { unit },
                              onRetry: { script.retried($0) })
    }

    static let post = ClientRequest(method: "POST", path: "/v1/orders", body: Data("{}".utf8))

    @Test func backoffGrowsByTwoUnderTheCapWithFullJitter() {
        #expect(policy.ceiling(afterAttempt: 1) == .milliseconds(100))
        #expect(policy.ceiling(afterAttempt: 2) == .milliseconds(200))
        #expect(policy.ceiling(afterAttempt: 4) == .milliseconds(800))
        #expect(policy.ceiling(afterAttempt: 5) == .seconds(1))
        #expect(policy.ceiling(afterAttempt: 60) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0) == .zero)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0.5) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0.999_999) < .milliseconds(400))
        for attempt in 1...10 {
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil, unit: Double.random(in: 0..<1))
            #expect(delay >= .zero && delay <= policy.ceiling(afterAttempt: attempt))
        }
    }

    @Test func refusedAndBadGatewayAreRetriedUntilAnAnswerWithOneKeyOnEveryTry() async throws {
        let script = Script([.fail(.connectionFailed("refused")), .status(502), .fail(.connectionClosed), .status(503)])
        let response = try await run(policy, Self.post, script)
        #expect(response.status == 200)
        #expect(script.requests.count == 5)
        let keys = Set(script.requests.map { $0.headers["Idempotency-Key"] })
        #expect(keys.count == 1)
        #expect(keys.first??.isEmpty == false)
        #expect(script.slept == [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400)])
        #expect(script.reasons == ["connection refused", "HTTP 502", "connection closed before the answer", "HTTP 503"])
    }

    @Test func aKeyTheCallerGaveIsKeptAsItIs() async throws {
        var request = Self.post
        request.headers["Idempotency-Key"] = "mine-1"
        let script = Script([.status(504)])
        _ = try await run(policy, request, script)
        #expect(script.requests.map { $0.headers["Idempotency-Key"] } == ["mine-1", "mine-1"])
    }

    @Test func retryAfterIsWaitedOutAndATooLongOneEndsTheTries() async throws {
        let script = Script([.status(503, retryAfter: "2")])
        _ = try await run(policy, Self.post, script, unit: 0)
        #expect(script.slept == [.seconds(2)])

        let long = Script([.status(429, retryAfter: "900")])
        let answer = try await run(policy, Self.post, long)
        #expect(answer.status == 429)
        #expect(long.requests.count == 1)
        #expect(long.slept.isEmpty)
    }

    @Test func attemptsAreBoundedAndTheLastAnswerComesBack() async throws {
        let script = Script(Array(repeating: .status(503), count: 20))
        let response = try await run(policy, Self.post, script)
        #expect(response.status == 503)
        #expect(script.requests.count == policy.maxAttempts)
        #expect(script.slept.count == policy.maxAttempts - 1)

        let failing = Script(Array(repeating: .fail(.connectionFailed("refused")), count: 20))
        await #expect(throws: HTTPClientError.connectionFailed("refused")) {
            _ = try await run(policy, Self.post, failing)
        }
        #expect(failing.requests.count == policy.maxAttempts)
    }

    @Test func anUnkeyedPostIsRetriedOnlyWhenItNeverLeft() async throws {
        var unkeyed = policy
        unkeyed.keyUnsafeRequests = false
        let reset = Script([.fail(.connectionClosed)])
        await #expect(throws: HTTPClientError.connectionClosed) { _ = try await run(unkeyed, Self.post, reset) }
        #expect(reset.requests.count == 1)
        #expect(reset.requests[0].headers["Idempotency-Key"] == nil)

        let badGateway = Script([.status(502)])
        #expect(try await run(unkeyed, Self.post, badGateway).status == 502)
        #expect(badGateway.requests.count == 1)

        let refused = Script([.fail(.connectionFailed("refused"))])
        #expect(try await run(unkeyed, Self.post, refused).status == 200)
        #expect(refused.requests.count == 2)
    }

    @Test func aGetIsRetriedWithoutAKeyAndFinalAnswersAreNotRetried() async throws {
        let get = ClientRequest(method: "GET", path: "/v1/me")
        let script = Script([.fail(.connectionClosed), .status(404)])
        #expect(try await run(policy, get, script).status == 404)
        #expect(script.requests.count == 2)
        #expect(script.requests.allSatisfy { $0.headers["Idempotency-Key"] == nil })

        for final in [400, 409, 500] {
            let once = Script([.status(final)])
            #expect(try await run(policy, Self.post, once).status == final)
            #expect(once.requests.count == 1)
        }
        let timeout = Script([.fail(.timedOut(seconds: 1))])
        await #expect(throws: HTTPClientError.timedOut(seconds: 1)) { _ = try await run(policy, get, timeout) }
        #expect(timeout.requests.count == 1)
    }

    @Test func noneTriesOnceAndAddsNoKey() async throws {
        let script = Script([.status(503)])
        #expect(try await run(.none, Self.post, script).status == 503)
        #expect(script.requests.count == 1)
        #expect(script.requests[0].headers["Idempotency-Key"] == nil)
    }
}
