import Foundation
import Synchronization
import TicketingClient

/// The steps of one buyer's rush, in the order a buyer meets them (report order).
enum RushStep: String, CaseIterable, Sendable {
    case connect = "WebSocket connect"
    case join = "join (POST queue)"
    case admission = "wait for admission (join → queue.admitted)"
    case claim = "claim coupon"
    case holdAttempt = "hold attempt (best available)"
    case hold = "hold, with retries"
    case order = "order (POST orders)"
    case checkout = "sandbox checkout"
    case pay = "pay (POST pay → 202)"
    case paid = "wait for final status (pay → paid/failed)"
    case buyer = "whole buyer (connect → final status)"
    case lag = "issuance lag (pending → issued)"
}

/// Shared tallies of every buyer in a rush: HDR latencies per step and error counts by code.
final class RushTally: Sendable {
    private struct State {
        var latency: [RushStep: Latency] = [:]
        var errors: [String: Int] = [:]
        var requests = 0
        var polls = 0
    }

    private let state = Mutex(State())

    func record(_ step: RushStep, _ duration: Duration) {
        state.withLock { $0.latency[step, default: Latency()].record(duration) }
    }

    func merge(_ step: RushStep, _ latency: Latency) {
        state.withLock { $0.latency[step, default: Latency()].merge(latency) }
    }

    func add(error code: String, count: Int) {
        state.withLock { $0.errors[code, default: 0] += count }
    }

    func request(_ count: Int = 1) {
        state.withLock { $0.requests += count }
    }

    /// A fallback read over HTTP because no push came in time.
    func poll() {
        state.withLock { $0.requests += 1; $0.polls += 1 }
    }

    /// `where` is the step; `code` the API error code with its status, or the transport failure.
    func error(_ step: RushStep, _ code: String) {
        state.withLock { $0.errors["\(step.rawValue): \(code)", default: 0] += 1 }
    }

    func error(_ step: RushStep, _ error: any Error) {
        self.error(step, Self.code(error))
    }

    static func code(_ error: any Error) -> String {
        if let api = error as? APIError { return "\(api.status) \(api.code)" }
        if error is WebSocketError { return "websocket: \(error)".prefix(60).description }
        return "transport: \(String(describing: error).prefix(50))"
    }

    var latencies: [RushStep: Latency] { state.withLock { $0.latency } }
    var errors: [String: Int] { state.withLock { $0.errors } }
    var requests: Int { state.withLock { $0.requests } }
    var polls: Int { state.withLock { $0.polls } }
}

/// Times `body` into `step` of `tally` and counts one request; errors are recorded and rethrown.
func step<T>(_ tally: RushTally, _ step: RushStep, requests: Int = 1,
             _ body: () async throws -> T) async throws -> T {
    let start = ContinuousClock.now
    tally.request(requests)
    do {
        let value = try await body()
        tally.record(step, ContinuousClock.now - start)
        return value
    } catch {
        tally.error(step, error)
        throw error
    }
}
