import Foundation
import Logging
import PaymentSandbox
import TicketingDomain

/// Everything the server needs from the outside world, resolved once at start. The defaults
/// here are the ones `Settings.all` documents (a test holds them together).
public struct ServerConfig: Sendable {
    public var host: String = "127.0.0.1"
    public var port: UInt16 = 8080
    /// Serve HTTPS and WSS on `host:port` with this PEM certificate chain (leaf first) and key;
    /// FlyingFox then listens on a loopback port behind the TLS terminator.
    public var tls: (certPath: String, keyPath: String)?
    public var dataDirectory: URL
    /// How long the embedded database's group commit, while writes come often, waits for more
    /// before it commits (`CommitPacing`); zero commits whatever waits at once.
    public var commitGather: Duration = .milliseconds(3)
    /// Redis + PostgreSQL instead of the data directory's SQLite and in-process actors
    /// (docs/SCALE_OUT.md); nil runs embedded.
    public var distributed: DistributedSettings?
    public var tokenTTL: TimeInterval = 24 * 3600
    public var passwordIterations: Int = PasswordHasher.defaultIterations
    public var logLevel: Logger.Level = .info
    public var logSink: LogSink = .standardError
    /// A handler that has not answered within this answers 503 `service_unavailable`
    /// (`RequestDeadline`); slow clients are bounded by `transport`'s deadlines.
    public var requestTimeout: TimeInterval = 15
    var requestDeadline: Duration { .milliseconds(Int((max(0.01, requestTimeout) * 1_000).rounded())) }
    /// Request size limits, deadlines and the connection cap of the HTTP/WebSocket transport.
    public var transport = TransportSettings()
    public var rateLimits = RateLimits()
    /// Admission scheduler and hold-timer resolution.
    public var tick: Duration = .milliseconds(100)
    /// Queue status pushes are coalesced to at most one per buyer per interval.
    public var queuePushInterval: TimeInterval = 0.25
    /// A waiting buyer whose sockets all closed keeps the place this long.
    public var disconnectGrace: TimeInterval = 60
    /// How long a coupon claim may wait for its issuance batch to commit so it can answer
    /// `issued` rather than `pending`; zero (the default) answers at once.
    public var couponClaimAckWait: Duration = .zero
    /// Serve the bundled Toss-compatible gateway under `/sandbox-gateway` and pay through it.
    public var paymentSandbox = false
    /// The sandbox's "timeout" card must hold a confirm longer than `paymentTimeout`.
    public var sandboxOptions = SandboxOptions(timeoutHold: .seconds(12))
    /// Per gateway request; a confirm that takes longer is an unknown outcome, resolved by query.
    public var paymentTimeout: TimeInterval = 10
    /// Retry pacing for retryable gateway failures: full jitter under `base · 2^n`, capped.
    public var paymentBackoff = (base: Duration.milliseconds(200), cap: Duration.seconds(5))
    /// A real (or external sandbox) Toss-compatible gateway, e.g. `http://127.0.0.1:9090`.
    public var paymentGatewayURL: String?
    public var paymentSecretKey: String?
    public var paymentClientKey: String?
    /// PEM roots an `https` gateway is verified against; nil trusts the system's store.
    public var paymentGatewayCAFile: String?
    /// How long the issuance log lets the first claim after a quiet spell wait for company
    /// before writing its batch (under load batches run back to back regardless).
    public var couponBatchInterval: Duration = .milliseconds(2)
    /// Settlement periods, anchored at the Unix epoch: UTC days unless configured.
    public var settlementCalendar = SettlementCalendar.day
    /// The platform fee for sellers without a rate of their own (1,000 bps = 10%).
    public var defaultFeeRate = FeeRate.default
    /// How often the server closes the settlement periods that have ended.
    public var settlementCloseInterval: Duration = .seconds(60)

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }
}
