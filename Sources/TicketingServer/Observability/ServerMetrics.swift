import FlyingFox
import Prometheus
import Synchronization

/// Per-server registry (not the process-global MetricsSystem) so several servers in one test
/// process keep separate counts.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let openSockets: Gauge
    /// Read at each scrape to set the gauges of state others own (lines, seats, backlog, pools).
    private let sources = Mutex<[@Sendable (ServerMetrics) async -> Void]>([])
    private static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "http_requests", unitName: "total",
        helpText: "HTTP requests served, by route pattern and status") }
    private static var latency: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "http_request_duration", unitName: "seconds",
        helpText: "HTTP request latency by route pattern") }
    private static var sockets: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "websockets_open", unitName: "",
        helpText: "WebSocket connections currently open") }
    static var backgroundErrors: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "background_errors", unitName: "total",
        helpText: "Failed storage or gateway calls in background workers (each is logged and retried)") }
    private static var strayCharges: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "stray_charges", unitName: "total",
        helpText: "Gateway charges with no paid order here, by what the sweep did: refunded or flagged") }
    private static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    /// A request's metrics by method, route pattern and status, looked up once: the registry's
    /// own lookup builds the metric's name and label strings on every call (BENCHMARKS.md).
    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }
    private let requestMetrics = Mutex<[RequestKey: (Counter, DurationHistogram)]>([:])
    /// The metrics every paid order bumps several times, made once (see `requestMetrics`).
    let commitLatencies: (normal: DurationHistogram, full: DurationHistogram)
    let confirmCounters: [ConfirmOutcome: Counter]
    let gatewayLatencies: [String: DurationHistogram]

    public init() {
        openSockets = registry.makeGauge(descriptor: Self.sockets)
        commitLatencies = (Self.commitLatency(in: registry, "normal"), Self.commitLatency(in: registry, "full"))
        var confirms: [ConfirmOutcome: Counter] = [:]
        for outcome in ConfirmOutcome.allCases { confirms[outcome] = Self.confirmCounter(in: registry, outcome) }
        confirmCounters = confirms
        var gateway: [String: DurationHistogram] = [:]
        for operation in Self.gatewayOperations { gateway[operation] = Self.gatewayLatency(in: registry, operation) }
        gatewayLatencies = gateway
    }

    func observe(method: HTTPMethod, route: String, status: Int, duration: Duration) {
        let key = RequestKey(method: method.rawValue, route: route, status: status)
        let metrics = requestMetrics.withLock { $0[key] } ?? {
            let made = (registry.makeCounter(descriptor: Self.requests,
                                             labels: [("method", key.method), ("route", route), ("status", String(status))]),
                        registry.makeDurationHistogram(descriptor: Self.latency,
                                                       labels: [("method", key.method), ("route", route)],
                                                       buckets: Self.latencyBuckets))
            requestMetrics.withLock { $0[key] = made }
            return made
        }()
        metrics.0.increment()
        metrics.1.record(duration)
    }

    /// One failure of a background worker (`payment_worker`, `outbox_relay`, `charge_sweep`).
    func backgroundError(worker: String) {
        registry.makeCounter(descriptor: Self.backgroundErrors, labels: [("worker", worker)]).increment()
    }

    /// A charge the sweep found without a paid order: `refunded`, or `flagged` for an operator.
    func strayCharge(action: String) {
        registry.makeCounter(descriptor: Self.strayCharges, labels: [("action", action)]).increment()
    }

    func socketOpened() { openSockets.increment() }
    func socketClosed() { openSockets.decrement() }

    /// What the registry holds now, without asking the scrape sources (counters in tests).
    public func render() -> String { registry.emitToString() }

    /// `GET /metrics`: refreshes the scrape-time gauges, then renders everything.
    public func scrape() async -> String {
        for source in sources.withLock({ $0 }) { await source(self) }
        return registry.emitToString()
    }

    /// Adds a reading taken at every scrape; it must be cheap (no full table scans).
    public func addScrapeSource(_ source: @escaping @Sendable (ServerMetrics) async -> Void) {
        sources.withLock { $0.append(source) }
    }
}
