import FlyingFox
import Foundation

/// A token bucket: `burst` requests at once, refilled at `perSecond`.
public struct RateLimit: Sendable, Equatable {
    public var burst: Double
    public var perSecond: Double

    public init(burst: Double, perSecond: Double) {
        self.burst = burst
        self.perSecond = perSecond
    }
}

public struct RateLimits: Sendable, Equatable {
    public var perUserJoin = RateLimit(burst: 10, perSecond: 1)
    public var perAddressJoin = RateLimit(burst: 2_000, perSecond: 1_000)
    public init() {}
}

/// Token buckets by key (user, IP) in one actor. Full buckets are forgotten periodically, so
/// memory follows the number of recently active keys, not every key ever seen.
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let limits: RateLimits
    private var buckets: [String: Bucket] = [:]
    private var checks = 0

    init(limits: RateLimits) {
        self.limits = limits
    }

    enum Kind { case perUserJoin, perAddressJoin }

    /// Throws 429 `rate_limited` with `Retry-After` when the bucket is empty.
    func check(_ key: String, limit kind: Kind) throws {
        let limit: RateLimit = switch kind {
        case .perUserJoin: limits.perUserJoin
        case .perAddressJoin: limits.perAddressJoin
        }
        let now = ContinuousClock.now
        var bucket = buckets[key] ?? Bucket(tokens: limit.burst, updated: now)
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(limit.burst, bucket.tokens + seconds * limit.perSecond)
        bucket.updated = now
        defer { prune(now: now) }
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            throw APIFailure.rateLimited(retryAfter: max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up))))
        }
        bucket.tokens -= 1
        buckets[key] = bucket
    }

    private func prune(now: ContinuousClock.Instant) {
        checks += 1
        guard checks % 10_000 == 0 else { return }
        buckets = buckets.filter { now - $0.value.updated < .seconds(600) }
    }
}
