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
    /// The durable records, through their ports: SQLite embedded, PostgreSQL distributed.
    public let storage: any DurableRecords
    private let backend: ServerBackend
    public let metrics: ServerMetrics
    private let http: TransportServer
    /// How many event loops the transport serves on (`server.loops`; 0 before `start()`).
    public var servingLoops: Int { get async { await http.loopsInUse } }
    /// What every request reaches, from the transport or from `respond(to:)`.
    let handler: APIHandler
    private let context: ServerContext
    let coupons: any ServerCoupons
    private let routePatterns: [(method: String, pattern: String)]
    private let hub: any PerformanceStates
    private let salesFeed: SalesFeed
    private let relay: OutboxRelay
    let payments: PaymentWorker
    /// Set once a gateway is connected: refunds charges that have no paid order here.
    private var chargeSweep: ChargeSweep?
    let gatewaySettings: GatewayBox
    private let settlementCalendar: SettlementCalendar
    private let closer: SettlementCloser
    private let tls: (context: TLSContext, peers: ForwardedPeers)?
    private var terminator: TLSTerminator?
    var runTask: Task<Void, any Error>?
    /// Started by `startInProcess()`: no listener, requests come through `respond(to:)`.
    var runsInProcess = false
    private var stopping = false
    /// Distributed only: copies wins a dead node left in Redis alone into the issuance log.
    private var couponReconciler: Task<Void, Never>?
    /// With the 5 s grace, a win a killed node left in Redis alone reaches the issuance log (and
    /// the buyer's coupon list) within about 15 s.
    static let couponReconcileInterval: Duration = .seconds(10)

    /// An embedded server (SQLite in `config.dataDirectory`); `make(config:clock:)` also runs
    /// the distributed one.
    public init(config: ServerConfig, clock: WallClock = .system) throws {
        guard config.distributed == nil else {
            throw SettingsError("a distributed server is made by QueueTicketServer.make(config:), which connects first")
        }
        // TLS first, so a bad certificate or key stops the server before it touches the data directory.
        let tls = try Self.tls(for: config)
        let metrics = ServerMetrics()
        try self.init(config: config, clock: clock, backend: try ServerBackend.embedded(config: config, observer: metrics),
                      tls: tls, metrics: metrics)
    }

    /// The server on the backend `config` names: without `distributed`, the embedded one;
    /// with it, after migrating PostgreSQL and taking the shared token secret.
    public static func make(config: ServerConfig, clock: WallClock = .system) async throws -> QueueTicketServer {
        guard let settings = config.distributed else { return try QueueTicketServer(config: config, clock: clock) }
        let tls = try Self.tls(for: config)
        let backend = try await ServerBackend.distributed(settings, clock: clock)
        do {
            return try QueueTicketServer(config: config, clock: clock, backend: backend, tls: tls, metrics: ServerMetrics())
        } catch {
            await backend.close()
            throw error
        }
    }

    /// A server on a backend the caller built (tests wire their own).
    init(config: ServerConfig, clock: WallClock, backend: ServerBackend) throws {
        try self.init(config: config, clock: clock, backend: backend, tls: try Self.tls(for: config),
                      metrics: ServerMetrics())
    }

    private static func tls(for config: ServerConfig) throws -> (context: TLSContext, peers: ForwardedPeers)? {
        try config.tls.map {
            (context: try TLSContext.server(certificateChain: $0.certPath, privateKey: $0.keyPath),
             peers: ForwardedPeers())
        }
    }

    private init(config: ServerConfig, clock: WallClock, backend: ServerBackend,
                 tls: (context: TLSContext, peers: ForwardedPeers)?, metrics: ServerMetrics) throws {
        self.config = config
        self.metrics = metrics
        self.backend = backend
        self.tls = tls
        // Everything past this point sees only the ports (`DurableRecords`, `CouponClaims`,
        // `PerformanceStates`, `PaymentLeases`), whichever backend they run on.
        let records = backend.records
        self.storage = records
        let logger = Logger.ecs(label: "qticketd", sink: config.logSink, level: config.logLevel)
        let key = backend.tokenKey
        let coupons = backend.coupons(config: config, logger: logger, clock: clock)
        self.coupons = coupons
        let context = ServerContext(
            config: config, storage: records,
            auth: Authenticator(signer: TokenSigner(key: key), ttl: config.tokenTTL, clock: clock),
            hasher: PasswordHasher(iterations: config.passwordIterations),
            metrics: metrics, logger: logger,
            accessLog: AccessLog(label: "qticketd", sink: config.logSink, level: config.logLevel), clock: clock, coupons: coupons, forwardedPeers: tls?.peers,
            limiter: RateLimiter(limits: config.rateLimits, clock: clock),
            lockout: LoginLockout(policy: config.rateLimits.loginLockout, clock: clock))
        self.context = context

        let tokens = AdmissionTokens(signer: TokenSigner(key: key))
        let hub = backend.performanceStates(config: config, records: records, tokens: tokens, clock: clock,
                                            logger: logger, metrics: metrics)
        self.hub = hub
        OperatorGauges.register(metrics: metrics, states: hub, records: records, clock: clock)
        if let redis = backend.redis { metrics.trackPool(redis, backend: "redis") }
        if let postgres = backend.postgres { metrics.trackPool(postgres, backend: "postgres") }
        var router = Router()
        var dispatcher = SocketDispatcher()
        PerformanceSockets(states: hub).register(into: &dispatcher)
        let salesFeed = SalesFeed(states: hub, storage: records, clock: clock, logger: logger)
        salesFeed.register(into: &dispatcher)
        self.salesFeed = salesFeed
        SystemRoutes(ctx: context).register(into: &router)
        AccountRoutes(ctx: context).register(into: &router)
        VenueRoutes(ctx: context).register(into: &router)
        PerformanceRoutes(ctx: context, states: hub).register(into: &router)
        QueueRoutes(ctx: context, states: hub).register(into: &router)
        HoldRoutes(ctx: context, states: hub, tokens: tokens).register(into: &router)
        CouponRoutes(ctx: context).register(into: &router)
        SettlementRoutes(ctx: context).register(into: &router)
        AdminSettlementRoutes(ctx: context).register(into: &router)
        TicketRoutes.registerAll(ctx: context, secret: key, into: &router)
        settlementCalendar = config.settlementCalendar
        closer = SettlementCloser(storage: records, clock: clock, logger: logger)
        let settlement = SettlementConsumer(storage: records, defaultFeeRate: config.defaultFeeRate, clock: clock)
        // Distributed, a paid order's seats are sold again from its event (`SeatSaleConsumer`).
        let seatSale: [any OutboxConsumer] = backend.redis == nil ? []
            : [SeatSaleConsumer(reads: RecordReads(records: records), states: hub)]
        let relay = OutboxRelay(store: RecordReads(records: records), consumers: [settlement] + seatSale,
                                logger: logger, clock: clock, metrics: metrics)
        let payments = PaymentWorker(storage: records, leases: backend.leases, hub: hub, relay: relay, logger: logger,
                                     clock: clock,
                                     backoff: Backoff(base: config.paymentBackoff.base, cap: config.paymentBackoff.cap),
                                     metrics: metrics)
        let gatewaySettings = GatewayBox()
        self.relay = relay
        self.payments = payments
        self.gatewaySettings = gatewaySettings
        OrderRoutes(ctx: context, states: hub,
                    checkout: CheckoutService(ctx: context, states: hub, gateway: gatewaySettings),
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
        let handler = APIHandler(router: router, context: context,
                                 idempotency: IdempotencyLayer(storage: records, clock: clock))
        self.handler = handler
        http = TransportServer(address: address, settings: config.transport, handler: handler)
    }

    /// Every `(method, pattern)` the server answers, for the OpenAPI coverage test.
    public nonisolated var routes: [(method: String, pattern: String)] { routePatterns }

    /// Starts listening and returns once the socket accepts connections.
    public func start() async throws {
        guard runTask == nil, !runsInProcess else { return }
        runTask = try await http.start()
        context.metrics.trackLoopNaps { [http] in await http.loopNaps }
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
        // The relay's wake-ups come from requests on the server's loops; it runs on the first.
        try await startBackgroundWork(relayExecutor: await http.listenerLoop)
        context.logger.info("listening", metadata: ["server.address": "\(config.host)", "server.port": "\(port)",
                                                    "url.scheme": "\(tls == nil ? "http" : "https")"])
    }

    /// The work that runs beside the requests, in either way of running.
    func startBackgroundWork(relayExecutor: (any TaskExecutor)? = nil) async throws {
        try await storage.setSettlementCalendar(settlementCalendar)
        await relay.start(on: relayExecutor)
        await closer.start(every: config.settlementCloseInterval)
        if let claims = coupons as? RedisCouponClaims {
            // Wins a dead node acknowledged but never wrote to the issuance log (docs/SCALE_OUT.md).
            let logger = context.logger
            couponReconciler = Task {
                while !Task.isCancelled {
                    do {
                        let copied = try await claims.reconcile()
                        if copied > 0 { logger.warning("coupon wins copied from Redis to the issuance log",
                                                       metadata: ["coupon.wins": "\(copied)"]) }
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("coupon reconcile failed", metadata: ["error.message": "\(error)"])
                    }
                    try? await Task.sleep(for: Self.couponReconcileInterval)
                }
            }
        }
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
        couponReconciler?.cancel()
        await chargeSweep?.stop()
        await relay.stop()
        await closer.stop()
        await salesFeed.stop()
        await hub.stopAll()
        runTask = nil
        if !(await coupons.flush(timeout: Self.couponFlushTimeout)) {
            context.logger.error("stopped with coupon claims not yet durable; the database kept failing")
        }
        await backend.close()
        context.logger.info("stopped")
        config.logSink.flush()
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
        } else if let url = config.paymentGatewayURL {
            guard let parsed = TossEndpoint(url: url) else {
                throw SettingsError("payment gateway \(url) is not an http(s) URL")
            }
            // Without its key every confirm would be refused: better no start than a node that
            // takes orders it can never charge.
            guard let secret = config.paymentSecretKey else {
                throw SettingsError("payment gateway \(url) needs its secret key in QTICKET_PAYMENT_SECRET_KEY")
            }
            // Buyers' checkouts authenticate to the gateway with the client key.
            guard let client = config.paymentClientKey, !client.isEmpty else {
                throw SettingsError("payment gateway \(url) needs its client key in QTICKET_PAYMENT_CLIENT_KEY")
            }
            endpoint = parsed
            publicURL = "\(parsed.useTLS ? "https" : "http")://\(parsed.host):\(parsed.port)\(parsed.basePath)"
            secretKey = secret
            clientKey = client
        } else {
            context.logger.warning("no payment gateway configured: orders cannot be paid")
            return
        }
        gatewaySettings.set(GatewaySettings(publicURL: publicURL, clientKey: clientKey))
        let trust = endpoint.useTLS ? try TLSOptions(caFile: config.paymentGatewayCAFile) : nil
        let client = try TossPaymentsClient(endpoint: endpoint, secretKey: secretKey, timeout: config.paymentTimeout,
                                            tls: trust)
        await payments.start(gateway: MeteredGateway(base: client, metrics: metrics))
        metrics.declareBackend(MeteredGateway.backend)
        let sweep = ChargeSweep(reads: RecordReads(records: storage), gateway: client, logger: context.logger,
                                clock: context.clock, metrics: metrics)
        await sweep.start(every: Self.chargeSweepInterval)
        chargeSweep = sweep
    }

    /// Toss asks merchants not to poll its lookups hard; once a minute finds a stray charge
    /// long before a buyer's card statement does.
    static let chargeSweepInterval: Duration = .seconds(60)

    /// Runs one charge sweep now (tests; operators wait for the scheduled one). Nil without a gateway.
    func sweepStrayCharges() async -> ChargeSweep.Report? {
        await chargeSweep?.sweep()
    }

    /// Test seam: the payment worker's order reads go through `reads` from now on.
    func readOrders(through reads: any OrderReads) async {
        await payments.readOrders(through: reads)
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
