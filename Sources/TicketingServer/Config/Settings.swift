import Foundation
import Logging
import TicketingDomain

/// Every setting of `qticketd`, one row each. README.md's configuration table shows the same
/// rows (a test compares them); the server's own code never re-checks these limits.
public enum Settings {
    public static let all: [Setting] = server + backend + auth + transport + business + payment

    static let server: [Setting] = [
        .text("server.host", flag: "--host", env: "QTICKET_HOST", default: "127.0.0.1",
              help: "Address to listen on") { $0.config.host = $1 },
        .int("server.port", flag: "--port", env: "QTICKET_PORT", default: 8080, minimum: 0, maximum: 65_535,
             help: "TCP port; 0 picks a free one") { $0.port = UInt16($1) },
        .text("server.data", flag: "--data", env: "QTICKET_DATA", default: "./qticket-data",
              help: "Data directory for the database and server secret") {
            $0.config.dataDirectory = URL(fileURLWithPath: $1, isDirectory: true)
        },
        Setting("log.level", flag: "--log-level", env: "QTICKET_LOG_LEVEL", default: "info",
                allowed: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "),
                help: "Least severe log level written") { text, draft in
            guard let level = Logger.Level(rawValue: text) else { return false }
            draft.config.logLevel = level
            return true
        },
        .text("tls.cert", flag: "--tls-cert", env: "QTICKET_TLS_CERT",
              help: "Serve HTTPS/WSS with this PEM certificate chain, leaf first") { $0.tlsCert = $1 },
        .text("tls.key", flag: "--tls-key", env: "QTICKET_TLS_KEY",
              help: "PEM private key for the certificate") { $0.tlsKey = $1 },
    ]

    /// The distributed mode (docs/SCALE_OUT.md): both or neither, checked by the resolver.
    static let backend: [Setting] = [
        Setting("backend.redis", flag: "--redis", env: "QTICKET_REDIS", default: nil, allowed: "redis://HOST:PORT[/DB]",
                help: "Run distributed: Redis for the waiting lines, seat holds and coupon stock (needs --postgres)") {
            text, draft in
            guard DistributedSettings.isRedisURL(text) else { return false }
            draft.redis = text
            return true
        },
        Setting("backend.postgres", flag: "--postgres", env: "QTICKET_POSTGRES", default: nil,
                allowed: "postgresql://USER@HOST:PORT/DB",
                help: "Run distributed: PostgreSQL for the durable records (needs --redis)") { text, draft in
            guard DistributedSettings.isPostgresURL(text) else { return false }
            draft.postgres = text
            return true
        },
        Setting("backend.redis-connections", env: "QTICKET_REDIS_CONNECTIONS",
                default: String(DistributedSettings.defaultRedisConnections), allowed: "1…1000",
                help: "Distributed: Redis connections for this node's requests (one command each at a time)") { text, draft in
            guard let count = Int(text), (1...1_000).contains(count) else { return false }
            draft.redisConnections = count
            return true
        },
    ]

    static let auth: [Setting] = [
        .number("auth.token-ttl-seconds", env: "QTICKET_TOKEN_TTL_SECONDS", default: "86400", minimum: 60,
                help: "Lifetime of a bearer token") { $0.tokenTTL = $1 },
        // Load tests and demos may lower the KDF cost; stored hashes keep their own round count.
        .int("auth.password-iterations", env: "QTICKET_PASSWORD_ITERATIONS", default: PasswordHasher.defaultIterations,
             minimum: 1_000, maximum: 10_000_000, help: "PBKDF2-HMAC-SHA256 rounds for new password hashes") {
            $0.passwordIterations = $1
        },
        .int("auth.login-lockout-failures", env: "QTICKET_LOGIN_LOCKOUT_FAILURES", default: 5, minimum: 1,
             help: "Wrong passwords in a row that lock an email's logins") { $0.rateLimits.loginLockout.failures = $1 },
        .number("auth.login-lockout-seconds", env: "QTICKET_LOGIN_LOCKOUT_SECONDS", default: "900", minimum: 0,
                help: "How long such a lockout lasts") { $0.rateLimits.loginLockout.duration = $1 },
        .number("auth.signup-burst", env: "QTICKET_SIGNUP_BURST", default: "300", minimum: 1,
                help: "Sign-ups per client address at once") { $0.rateLimits.perAddressSignup.burst = $1 },
        .number("auth.signup-per-second", env: "QTICKET_SIGNUP_PER_SECOND", default: "1", minimum: 0, inclusive: false,
                help: "Sign-ups per address refilled per second") { $0.rateLimits.perAddressSignup.perSecond = $1 },
    ]

    static let transport: [Setting] = [
        .number("transport.head-timeout-seconds", env: "QTICKET_HEAD_TIMEOUT_SECONDS", default: "10", minimum: 0.1,
                maximum: 600, help: "A request head must arrive within this (408 after)") {
            $0.transport.headTimeout = .milliseconds(Int($1 * 1000))
        },
        .int("transport.max-connections", env: "QTICKET_MAX_CONNECTIONS", default: 10_000, minimum: 1,
             help: "More connections are answered 503 and closed") { $0.transport.maxConnections = $1 },
        .int("server.loops", env: "QTICKET_SERVER_LOOPS", default: 0, minimum: 0, maximum: 8,
             help: "Event loops serving connections; 0 = one per core, and never more than the cores") {
            $0.transport.loops = $1
        },
        .int("server.loop-nap-ms", env: "QTICKET_LOOP_NAP_MS", default: 5, minimum: 0, maximum: 50,
             help: "A loop busy with many sockets naps this long between rounds, serving all that came meanwhile at one wake-up; 0 = never") {
            $0.transport.loopCoalescing.nap = .milliseconds($1)
        },
        .int("storage.commit-gather-ms", env: "QTICKET_COMMIT_GATHER_MS", default: 3, minimum: 0, maximum: 20,
             help: "Embedded: while writes come often, a group commit waits this long for more before it commits; 0 = never") {
            $0.commitGather = .milliseconds($1)
        },
    ]

    static let business: [Setting] = [
        .int("coupons.claim-ack-wait-ms", env: "QTICKET_COUPONS_CLAIM_ACK_WAIT_MS", default: 0, minimum: 0, maximum: 5_000,
             help: "How long a coupon claim waits for its batch to be durable before answering pending") {
            $0.couponClaimAckWait = .milliseconds($1)
        },
        .checked("settlement.period-seconds", env: "QTICKET_SETTLEMENT_PERIOD_SECONDS", default: SettlementCalendar.day.periodSeconds,
                 minimum: SettlementCalendar.minimumPeriodSeconds,
                 help: "Settlement period length from the Unix epoch (86400 = UTC days)") {
            (config: inout ServerConfig, seconds: Int) -> Bool in
            guard let calendar = SettlementCalendar(periodSeconds: seconds) else { return false }
            config.settlementCalendar = calendar
            return true
        },
        .checked("settlement.fee-basis-points", env: "QTICKET_SETTLEMENT_FEE_BASIS_POINTS", default: FeeRate.default.basisPoints,
                 minimum: 0, maximum: FeeRate.maxBasisPoints,
                 help: "Platform fee for sellers without a rate of their own (1000 = 10%)") {
            (config: inout ServerConfig, points: Int) -> Bool in
            guard let rate = FeeRate(basisPoints: points) else { return false }
            config.defaultFeeRate = rate
            return true
        },
    ]

    static let payment: [Setting] = [
        Setting("payment.sandbox", flag: "--payment-sandbox", env: "QTICKET_PAYMENT_SANDBOX", default: "false",
                allowed: "true, false, 1, 0",
                help: "Serve the bundled Toss-compatible sandbox under /sandbox-gateway and pay through it") { text, draft in
            guard let on = ["true": true, "1": true, "false": false, "0": false][text] else { return false }
            draft.config.paymentSandbox = on
            return true
        },
        .text("payment.gateway", flag: "--payment-gateway", env: "QTICKET_PAYMENT_GATEWAY",
              help: "Toss-compatible gateway URL") { $0.config.paymentGatewayURL = $1 },
        .text("payment.gateway-ca", flag: "--payment-gateway-ca", env: "QTICKET_PAYMENT_GATEWAY_CA",
              help: "PEM CA file an https gateway is verified against (default: system roots)") {
            $0.config.paymentGatewayCAFile = $1
        },
        // Secrets come from the environment only, never from flags (they would show in `ps`) or files.
        .text(nil, env: "QTICKET_PAYMENT_SECRET_KEY", help: "The gateway's secret key") {
            $0.config.paymentSecretKey = $1
        },
        .text(nil, env: "QTICKET_PAYMENT_CLIENT_KEY", help: "The gateway's client key shown to buyers") {
            $0.config.paymentClientKey = $1
        },
    ]

    /// The row behind a command-line option, for its help text.
    public static func setting(flag: String) -> Setting? { all.first { $0.flag == flag } }
}
