import Foundation
import Logging
import TicketingStorage

/// The shared, immutable wiring every route handler receives.
struct ServerContext: Sendable {
    let config: ServerConfig
    let storage: Storage
    let auth: Authenticator
    let hasher: PasswordHasher
    let metrics: ServerMetrics
    let logger: Logger
    let clock: WallClock
    let coupons: CouponService
    /// Set when the server runs behind its TLS terminator.
    let forwardedPeers: ForwardedPeers?
    let limiter: RateLimiter
    let lockout: LoginLockout
}
