import Foundation

/// Consecutive login failures per email and the lockouts they cause (`LockoutPolicy`).
/// Time comes from the server's clock, so tests can move past a lockout without waiting.
/// Memory follows the emails failing recently: settled entries are swept periodically.
actor LoginLockout {
    private struct Entry {
        var failures = 0
        var lockedUntil: Date?
        var lastFailure: Date
    }

    private let policy: LockoutPolicy
    private let clock: WallClock
    private var entries: [String: Entry] = [:]
    private var operations = 0

    init(policy: LockoutPolicy, clock: WallClock) {
        self.policy = policy
        self.clock = clock
    }

    /// Throws 429 `rate_limited` with `Retry-After` = the seconds left while `email` is locked out.
    func checkAllowed(_ email: String) throws {
        let now = clock.now()
        guard let until = entries[email]?.lockedUntil else { return }
        if until > now {
            throw APIFailure.rateLimited(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        }
        // The lockout is over: the next failure starts a fresh count.
        entries[email] = nil
    }

    func recordFailure(_ email: String) {
        let now = clock.now()
        var entry = entries[email] ?? Entry(lastFailure: now)
        // Failures further apart than a lockout period are not a run.
        if now.timeIntervalSince(entry.lastFailure) >= policy.duration { entry.failures = 0 }
        entry.failures += 1
        entry.lastFailure = now
        if entry.failures >= policy.failures {
            entry.lockedUntil = now.addingTimeInterval(policy.duration)
        }
        entries[email] = entry
        sweep(now: now)
    }

    func recordSuccess(_ email: String) {
        entries[email] = nil
    }

    /// Forgets failures older than a lockout period that did not lock, and lockouts that ended.
    private func sweep(now: Date) {
        operations += 1
        guard operations % 1_000 == 0 else { return }
        entries = entries.filter { _, entry in
            if let until = entry.lockedUntil { return until > now }
            return now.timeIntervalSince(entry.lastFailure) < policy.duration
        }
    }
}
