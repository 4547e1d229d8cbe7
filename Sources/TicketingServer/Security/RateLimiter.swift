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

/// Every limit the API enforces. The defaults stop scripted abuse of one account or address
/// without getting in the way of a real rush, where thousands of buyers may share a NAT.
public struct RateLimits: Sendable, Equatable {
    public var perUserJoin = RateLimit(burst: 10, perSecond: 1)
    public var perAddressJoin = RateLimit(burst: 2_000, perSecond: 1_000)
    /// Keyed by the email tried, whether or not an account has it (no account enumeration).
    public var perAccountLogin = RateLimit(burst: 10, perSecond: 0.2)
    public var perAddressLogin = RateLimit(burst: 200, perSecond: 20)
    public var perUserClaim = RateLimit(burst: 10, perSecond: 1)
    public var perAddressClaim = RateLimit(burst: 2_000, perSecond: 1_000)
    /// Account farming for a rush comes from few addresses: 300 sign-ups at once, then one a
    /// second (3,600 an hour), leaves room for a shared NAT and stops a bot minting thousands.
    public var perAddressSignup = RateLimit(burst: 300, perSecond: 1)
    public var loginLockout = LockoutPolicy()
    public init() {}
}

/// After `failures` wrong passwords in a row for one email, logins for it are refused with 429
/// for `duration` seconds, even with the right password; a successful login resets the count.
public struct LockoutPolicy: Sendable, Equatable {
    public var failures: Int
    public var duration: TimeInterval

    public init(failures: Int = 5, duration: TimeInterval = 15 * 60) {
        self.failures = failures
        self.duration = duration
    }
}

/// Token buckets by key (user, IP) in one actor. Full buckets are forgotten periodically, so
/// memory follows the number of recently active keys, not every key ever seen.
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let limits: RateLimits
    private var buckets: [String: Bucket] = [:]
    private var checks = 0

    private let clock: WallClock

    init(limits: RateLimits, clock: WallClock) {
        self.clock = clock
        self.limits = limits
    }

    enum Kind: String {
        case perUserJoin, perAddressJoin, perAccountLogin, perAddressLogin, perUserClaim, perAddressClaim,
             perAddressSignup
    }

    private func limit(_ kind: Kind) -> RateLimit {
        switch kind {
        case .perUserJoin: limits.perUserJoin
        case .perAddressJoin: limits.perAddressJoin
        case .perAccountLogin: limits.perAccountLogin
        case .perAddressLogin: limits.perAddressLogin
        case .perUserClaim: limits.perUserClaim
        case .perAddressClaim: limits.perAddressClaim
        case .perAddressSignup: limits.perAddressSignup
        }
    }

    /// Throws 429 `rate_limited` with `Retry-After` when the bucket of `key` for `kind` is empty.
    /// Buckets of different kinds never share a key.
    func check(_ key: String, limit kind: Kind) throws {
        let limit = limit(kind)
        let key = kind.rawValue + ":" + key
        let now = clock.now()
        var bucket = buckets[key] ?? Bucket(tokens: limit.burst, updated: now)
        // A wall clock stepped backwards must not drain the bucket.
        let seconds = max(0, now.timeIntervalSince(bucket.updated))
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

    /// A caller's bucket, then its address's, in one visit to the actor (the join and claim
    /// routes check both on every request); the second is not touched when the first refuses.
    func check(_ caller: String, limit callerKind: Kind, address: String, limit addressKind: Kind) throws {
        try check(caller, limit: callerKind)
        try check(address, limit: addressKind)
    }

    private func prune(now: Date) {
        checks += 1
        guard checks % 10_000 == 0 else { return }
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < 600 }
    }
}
