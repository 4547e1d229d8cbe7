import FlyingFox
import FlyingSocks
import Foundation
import Logging
import PaymentSandbox
import TicketingNet
import TicketingDomain
import TicketingStorage

/// The daemon: storage, security and routes wired onto one bounded HTTP/WebSocket transport.
public actor QueueTicketServer {
    public let config: ServerConfig
    public let storage: Storage
    public let metrics = ServerMetrics()
    private let http: TransportServer
    private let context: ServerContext
    let coupons: CouponService
    private let routePatterns: [(method: String, pattern: String)]
    private let hub: PerformanceHub
    private let salesFeed: SalesFeed
    private let relay: OutboxRelay
    private let payments: PaymentWorker
    private let gatewaySettings: GatewayBox
    private let settlementCalendar: SettlementCalendar
    private let closer: SettlementCloser
    private let tls: (context: TLSContext, peers: ForwardedPeers)?
    private var terminator: TLSTerminator?
    private var runTask: Task<Void, any Error>?
    private var stopping = false

    public init(config: ServerConfig, clock: WallClock = .system) throws {
        self.config = config
        // First, so a bad certificate or key stops the server before it touches the data directory.
        let tls = try config.tls.map {
            (context: try TLSContext.server(certificateChain: $0.certPath, privateKey: $0.keyPath),
             peers: ForwardedPeers())
        }
        self.tls = tls
        let storage = try Storage(directory: config.dataDirectory)
        self.storage = storage
        let logger = Logger.ecs(label: "qticketd", sink: config.logSink, level: config.logLevel)
        let key = try ServerSecret.loadOrCreate(in: config.dataDirectory)
        let coupons = CouponService(storage: storage, logger: logger, clock: clock, ackWait: config.couponClaimAckWait,
                                    batchInterval: config.couponBatchInterval)
        self.coupons = coupons
        let context = ServerContext(
            config: config, storage: storage,
            auth: Authenticator(signer: TokenSigner(key: key), ttl: config.tokenTTL, clock: clock),
            hasher: PasswordHasher(iterations: config.passwordIterations),
            metrics: metrics, logger: logger, clock: clock, coupons: coupons, forwardedPeers: tls?.peers,
            limiter: RateLimiter(limits: config.rateLimits, clock: clock),
            lockout: LoginLockout(policy: config.rateLimits.loginLockout, clock: clock))
        self.context = context

        let tokens = AdmissionTokens(signer: TokenSigner(key: key))
        let hub = PerformanceHub(deps: PerformanceDeps(clock: clock, storage: storage, tokens: tokens, logger: logger,
                                                       pushInterval: config.queuePushInterval,
                                                       disconnectGrace: config.disconnectGrace),
                                 tick: config.tick)
        self.hub = hub
        var router = Router()
        var dispatcher = SocketDispatcher()
        PerformanceSockets(hub: hub).register(into: &dispatcher)
        let salesFeed = SalesFeed(hub: hub, storage: storage, clock: clock, logger: logger)
        salesFeed.register(into: &dispatcher)
        self.salesFeed = salesFeed
        SystemRoutes(ctx: context).register(into: &router)
        AccountRoutes(ctx: context).register(into: &router)
        VenueRoutes(ctx: context).register(into: &router)
        PerformanceRoutes(ctx: context, hub: hub).register(into: &router)
        QueueRoutes(ctx: context, hub: hub).register(into: &router)
        HoldRoutes(ctx: context, hub: hub, tokens: tokens).register(into: &router)
        CouponRoutes(ctx: context).register(into: &router)
        SettlementRoutes(ctx: context).register(into: &router)
        AdminSettlementRoutes(ctx: context).register(into: &router)
        guard let calendar = SettlementCalendar(periodSeconds: config.settlementPeriodSeconds) else {
            throw SettingsError("the settlement period must be at least 60 seconds")
        }
        guard let feeRate = FeeRate(basisPoints: config.defaultFeeBasisPoints) else {
            throw SettingsError("the default fee rate must be 0…\(FeeRate.maxBasisPoints) basis points")
        }
        settlementCalendar = calendar
        closer = SettlementCloser(storage: storage, clock: clock, logger: logger)
        let settlement = SettlementConsumer(storage: storage, defaultFeeRate: feeRate, clock: clock)
        let relay = OutboxRelay(storage: storage, consumers: [settlement], logger: logger, clock: clock)
        let payments = PaymentWorker(storage: storage, hub: hub, relay: relay, logger: logger, clock: clock,
                                     backoff: Backoff(base: config.paymentBackoff.base, cap: config.paymentBackoff.cap))
        let gatewaySettings = GatewayBox()
        self.relay = relay
        self.payments = payments
        self.gatewaySettings = gatewaySettings
        OrderRoutes(ctx: context, hub: hub,
                    checkout: CheckoutService(ctx: context, hub: hub, gateway: gatewaySettings),
                    worker: payments).register(into: &router)
        if config.paymentSandbox {
            let sandbox = try PaymentSandbox(directory: config.dataDirectory, options: config.sandboxOptions)
            SandboxRoutes(sandbox: sandbox).register(into: &router)
        }
        SocketRoutes(ctx: context, dispatcher: dispatcher).register(into: &router)
        routePatterns = router.routes.map { ($0.method.rawValue, $0.pattern) }

        // Behind TLS, the transport serves only the terminator, on a loopback port of its own.
        let address = tls == nil ? try Self.address(host: config.host, port: config.port)
            : try Self.address(host: "127.0.0.1", port: 0)
        http = TransportServer(address: address, settings: config.transport,
                               handler: APIHandler(router: router, context: context,
                                                   idempotency: IdempotencyLayer(storage: storage, clock: clock)))
    }

    /// Every `(method, pattern)` the server answers, for the OpenAPI coverage test.
    public nonisolated var routes: [(method: String, pattern: String)] { routePatterns }

    /// Starts listening and returns once the socket accepts connections.
    public func start() async throws {
        guard runTask == nil else { return }
        runTask = try await http.start()
        let httpPort = try await httpPort()
        if let tls {
            do {
                terminator = try await TLSTerminator.start(address: Self.address(host: config.host, port: config.port),
                                                           context: tls.context, upstreamPort: httpPort,
                                                           peers: tls.peers, logger: context.logger)
            } catch {
                stopping = true
                await http.stop(timeout: 0)
                runTask = nil
                throw error
            }
        }
        let port = try await port()
        try await connectGateway(publicPort: port, httpPort: httpPort)
        try await storage.setSettlementCalendar(settlementCalendar)
        await relay.start()
        await closer.start(every: config.settlementCloseInterval)
        context.logger.info("listening", metadata: ["server.address": "\(config.host)", "server.port": "\(port)",
                                                    "url.scheme": "\(tls == nil ? "http" : "https")"])
    }

    /// Runs until `stop()` is called (or the run fails).
    public func wait() async throws {
        do {
            try await runTask?.value
        } catch {
            // A stopped transport ends by cancelling its socket pool; that is a clean exit.
            if !stopping { throw error }
        }
    }

    /// Stops accepting, lets in-flight requests finish for up to `timeout` seconds, then makes
    /// every coupon claim won so far durable (pending claims are only lost to a crash, not a stop).
    public func stop(timeout: TimeInterval = 2) async {
        stopping = true
        // New connections stop first; open ones drain through the transport's stop, then go.
        await terminator?.stopAccepting()
        await http.stop(timeout: timeout)
        await terminator?.stop()
        terminator = nil
        await payments.stop()
        await relay.stop()
        await closer.stop()
        await salesFeed.stop()
        await hub.stopAll()
        runTask = nil
        if !(await coupons.flush(timeout: Self.couponFlushTimeout)) {
            context.logger.error("stopped with coupon claims not yet durable; the database kept failing")
        }
        context.logger.info("stopped")
    }

    /// Generous: a healthy flush is one batch of a few milliseconds; this only bounds a sick disk.
    static let couponFlushTimeout: Duration = .seconds(10)

    /// Waits until every coupon claim won so far is in the issuance log (tests, admin tasks).
    public func flushCoupons() async {
        await coupons.flush()
    }

    /// The sandbox is reached through this server's own port, known only once it listens.
    ///
    /// Behind TLS, buyers reach the sandbox over https on the public port, but the payment worker
    /// talks to the transport's loopback port in plaintext: it never leaves this process's machine,
    /// and the server's certificate need neither name 127.0.0.1 nor chain to a root this process
    /// trusts.
    private func connectGateway(publicPort: UInt16, httpPort: UInt16) async throws {
        let localHost = ["0.0.0.0", "::", "localhost"].contains(config.host) ? "127.0.0.1" : config.host
        let endpoint: TossEndpoint
        let publicURL: String
        let secretKey: String
        let clientKey: String
        if config.paymentSandbox {
            endpoint = TossEndpoint(host: tls == nil ? localHost : "127.0.0.1", port: httpPort,
                                    basePath: SandboxRoutes.mountPath)
            publicURL = "\(tls == nil ? "http" : "https")://\(localHost):\(publicPort)\(SandboxRoutes.mountPath)"
            secretKey = config.sandboxOptions.secretKey
            clientKey = config.sandboxOptions.clientKey
        } else if let url = config.paymentGatewayURL, let parsed = TossEndpoint(url: url),
                  let secret = config.paymentSecretKey {
            endpoint = parsed
            publicURL = "\(parsed.useTLS ? "https" : "http")://\(parsed.host):\(parsed.port)\(parsed.basePath)"
            secretKey = secret
            clientKey = config.paymentClientKey ?? ""
        } else {
            context.logger.warning("no payment gateway configured: orders cannot be paid")
            return
        }
        gatewaySettings.set(GatewaySettings(publicURL: publicURL, clientKey: clientKey))
        let trust = endpoint.useTLS ? try TLSOptions(caFile: config.paymentGatewayCAFile) : nil
        await payments.start(gateway: try TossPaymentsClient(endpoint: endpoint, secretKey: secretKey,
                                                                   timeout: config.paymentTimeout, tls: trust))
    }

    /// The public port, TLS or not (useful with port 0 in tests).
    public func port() async throws -> UInt16 {
        if let terminator { return terminator.port }
        return try await httpPort()
    }

    /// The transport's own port: the public one without TLS, a loopback one behind the terminator.
    private func httpPort() async throws -> UInt16 {
        guard let port = await http.port else { throw SocketError.disconnected }
        return port
    }

    static func address(host: String, port: UInt16) throws -> any SocketAddress {
        if host == "localhost" { return try sockaddr_in.inet(ip4: "127.0.0.1", port: port) }
        if host.contains(":") { return try sockaddr_in6.inet6(ip6: host, port: port) }
        return try sockaddr_in.inet(ip4: host, port: port)
    }
}
