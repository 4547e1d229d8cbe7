import Synchronization
import TicketingDomain

/// Bearer tokens whose signature and claims were already checked, so a buyer polling the line
/// does not pay a base64 decode, an HMAC and a claims parse on every request (~4 % of a queue
/// request's CPU, BENCHMARKS.md). Only a token that verified is ever stored, keyed by its exact
/// text: a forged or altered token is a different key and goes through the full check. The
/// expiry is kept and compared with the clock on every use, so a cached token still expires on
/// time. Two generations bound the memory: when the newer one fills, the older is dropped and
/// tokens still in use move up as they are seen again.
final class VerifiedTokens: Sendable {
    struct Claims: Sendable, Equatable {
        var userId: String
        var role: Role
        /// Seconds since 1970.
        var expiry: Int
    }

    private struct Generations {
        var current: [String: Claims] = [:]
        var previous: [String: Claims] = [:]
    }

    private let generationSize: Int
    private let generations = Mutex(Generations())

    /// At most `capacity` tokens are kept.
    init(capacity: Int = 32_768) {
        generationSize = max(1, capacity / 2)
    }

    func claims(of token: String) -> Claims? {
        generations.withLock { state in
            if let found = state.current[token] { return found }
            guard let found = state.previous.removeValue(forKey: token) else { return nil }
            Self.insert(token, found, into: &state, limit: generationSize)
            return found
        }
    }

    func remember(_ token: String, _ claims: Claims) {
        generations.withLock { Self.insert(token, claims, into: &$0, limit: generationSize) }
    }

    var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    private static func insert(_ token: String, _ claims: Claims, into state: inout Generations, limit: Int) {
        if state.current.count >= limit {
            state.previous = state.current
            state.current = [:]
            state.current.reserveCapacity(limit)
        }
        state.current[token] = claims
    }
}
