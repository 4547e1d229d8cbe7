import Prometheus
import TicketingStorage

/// The families an operator watches besides HTTP (docs/OPERATIONS.md lists them with the alerts
/// and dashboard panels that read them). Labels stay bounded: a performance id (a seller has
/// few), an outcome or a state from a closed list — never a user.
extension ServerMetrics {
    static var admitted: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "queue_admitted", unitName: "total",
        helpText: "Buyers let out of the waiting line into seat selection, by performance") }
    static var confirms: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "payment_confirms", unitName: "total",
        helpText: "Payment confirms sent to the gateway, by outcome: approved, declined, retryable_error, unknown") }
    static var gatewayLatency: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "payment_gateway_request_duration", unitName: "seconds",
        helpText: "Payment gateway call latency by operation: confirm, query, cancel") }
    static var commitLatency: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "storage_commit_duration", unitName: "seconds",
        helpText: "Storage write transactions from request to commit, by durability: normal, full (fsynced)") }
    static var storageErrors: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "storage_errors", unitName: "total",
        helpText: "Storage write transactions that failed") }
    static var backendErrors: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "backend_errors", unitName: "total",
        helpText: "Failed calls to an external backend (payment_gateway, redis, postgres)") }
    static var checkins: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "checkins", unitName: "total",
        helpText: "Ticket scans at the door, by outcome") }

    /// Slow gateways and fsyncs reach into seconds; a healthy commit is well under a millisecond.
    static let slowBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// The counter a performance actor bumps per admission (made once per actor, not per buyer).
    func admittedCounter(performanceId: String) -> Counter {
        registry.makeCounter(descriptor: Self.admitted, labels: [("performance", performanceId)])
    }

    func paymentConfirm(outcome: ConfirmOutcome) {
        confirmCounters[outcome, default: Self.confirmCounter(in: registry, outcome)].increment()
    }

    func gatewayCall(_ operation: String, duration: Duration) {
        gatewayLatencies[operation, default: Self.gatewayLatency(in: registry, operation)].record(duration)
    }

    /// The gateway calls `gatewayCall` times (`TossPaymentsClient`).
    static let gatewayOperations = ["confirm", "query", "cancel"]

    static func confirmCounter(in registry: PrometheusCollectorRegistry, _ outcome: ConfirmOutcome) -> Counter {
        registry.makeCounter(descriptor: confirms, labels: [("outcome", outcome.rawValue)])
    }

    static func gatewayLatency(in registry: PrometheusCollectorRegistry, _ operation: String) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: gatewayLatency, labels: [("operation", operation)], buckets: slowBuckets)
    }

    static func commitLatency(in registry: PrometheusCollectorRegistry, _ durability: String) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: commitLatency, labels: [("durability", durability)], buckets: slowBuckets)
    }

    /// A failed call to `backend`; redis and postgres clients report here too.
    public func backendError(backend: String) {
        registry.makeCounter(descriptor: Self.backendErrors, labels: [("backend", backend)]).increment()
    }

    /// Makes the families appear at zero before anything happened, so alerts and rate() see them.
    func declareBackend(_ backend: String) {
        _ = registry.makeCounter(descriptor: Self.backendErrors, labels: [("backend", backend)])
    }

    func checkin(outcome: String) {
        registry.makeCounter(descriptor: Self.checkins, labels: [("outcome", outcome)]).increment()
    }

    /// What a confirm came to, as the payment worker acts on it.
    enum ConfirmOutcome: String, CaseIterable {
        case approved, declined
        case retryableError = "retryable_error"
        case unknown
    }

    /// Every family with a closed label set, at zero (the confirm counters and the commit and
    /// gateway histograms are already made in `init`, which keeps them).
    func declareOperatorFamilies() {
        _ = registry.makeCounter(descriptor: Self.storageErrors)
        for worker in ["payment_worker", "outbox_relay", "charge_sweep"] {
            _ = registry.makeCounter(descriptor: Self.backgroundErrors, labels: [("worker", worker)])
        }
        for outcome in Self.checkinOutcomes {
            _ = registry.makeCounter(descriptor: Self.checkins, labels: [("outcome", outcome)])
        }
    }

    /// Every `CheckinDesk.Result.outcome`.
    static let checkinOutcomes = ["admitted", "duplicate", "already_checked_in", "revoked", "invalid", "forbidden"]
}

extension ServerMetrics: StorageObserver {
    public func storageCommitted(durable: Bool, after duration: Duration) {
        (durable ? commitLatencies.full : commitLatencies.normal).record(duration)
    }

    public func storageFailed() {
        registry.makeCounter(descriptor: Self.storageErrors).increment()
    }
}
