import Foundation
import Logging
import TicketingStorage

/// The shared, immutable wiring every route handler receives.
struct ServerContext: Sendable {
    let config: ServerConfig
    /// The durable records, through their ports (`DurableRecords`): SQLite embedded.
    let storage: any DurableRecords
    let auth: Authenticator
    let hasher: PasswordHasher
    let metrics: ServerMetrics
    let logger: Logger
    /// Where `APIHandler` writes each request's line (the logger's sink, label and level).
    let accessLog: AccessLog
    let clock: WallClock
    /// Coupon stock and claims, through their port (`CouponClaims`).
    let coupons: any CouponClaims
    /// Set when the server runs behind its TLS terminator.
    let forwardedPeers: ForwardedPeers?
    let limiter: RateLimiter
    let lockout: LoginLockout
}
