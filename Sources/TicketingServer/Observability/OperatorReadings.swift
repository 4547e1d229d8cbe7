import ConnectionPooling
import Foundation
import Prometheus
import Synchronization
import TicketingStorage

/// One performance's contended state as `/metrics` shows it.
struct PerformanceReading: Sendable, Equatable {
    var performanceId: String
    var waiting: Int
    var admittedActive: Int
    var activeHolds: Int
    var seatsAvailable: Int
    var seatsHeld: Int
    var seatsSold: Int
}

extension PerformanceActor {
    func reading() -> PerformanceReading {
        let level = seats.level
        return PerformanceReading(performanceId: id, waiting: room.waitingCount, admittedActive: room.activeCount,
                                  activeHolds: seats.holds.count, seatsAvailable: level.available,
                                  seatsHeld: level.held, seatsSold: seats.seats.count - level.available - level.held)
    }
}

/// The gauges set at scrape time from state others own: each reading is O(1) per performance, or
/// an indexed count (open orders, the outbox backlog), or a pool's counters.
extension ServerMetrics {
    static var waiting: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "queue_waiting", unitName: "",
        helpText: "Buyers in the waiting line, by performance") }
    static var admittedActive: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "queue_admitted_active", unitName: "",
        helpText: "Admitted buyers whose admission has not ended, by performance") }
    static var holds: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "holds_active", unitName: "",
        helpText: "Seat holds not yet sold, released or expired, by performance") }
    static var seats: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "seats", unitName: "",
        helpText: "Seats by performance and state: available, held, sold") }
    static var orders: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "orders_open", unitName: "",
        helpText: "Orders not yet final, by status (final ones grow without bound: see qticket_payment_confirms_total)") }
    static var outboxPending: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "outbox_pending_events", unitName: "",
        helpText: "Outbox events committed but not yet delivered to every consumer") }
    static var outboxAge: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "outbox_oldest_pending_age", unitName: "seconds",
        helpText: "Age of the oldest undelivered outbox event (0 when none is pending)") }
    static var poolConnections: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "backend_pool_connections", unitName: "",
        helpText: "Connections of a backend pool by state: idle, in_use, max") }
    static var loopNaps: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "loop_naps_total", unitName: "",
        helpText: "Naps a busy event loop took between rounds instead of waking for each event (server.loop-nap-ms)") }
    static var poolWaiters: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "qticket", metricName: "backend_pool_waiters", unitName: "",
        helpText: "Callers waiting for a connection of a backend pool") }

    func record(_ readings: [PerformanceReading]) {
        for reading in readings {
            let performance = [("performance", reading.performanceId)]
            registry.makeGauge(descriptor: Self.waiting, labels: performance).set(to: Double(reading.waiting))
            registry.makeGauge(descriptor: Self.admittedActive, labels: performance).set(to: Double(reading.admittedActive))
            registry.makeGauge(descriptor: Self.holds, labels: performance).set(to: Double(reading.activeHolds))
            for (state, value) in [("available", reading.seatsAvailable), ("held", reading.seatsHeld), ("sold", reading.seatsSold)] {
                registry.makeGauge(descriptor: Self.seats, labels: performance + [("state", state)]).set(to: Double(value))
            }
        }
    }

    func record(_ reading: OperatorCounts) {
        for (status, count) in reading.openOrders {
            registry.makeGauge(descriptor: Self.orders, labels: [("status", status.rawValue)]).set(to: Double(count))
        }
        registry.makeGauge(descriptor: Self.outboxPending).set(to: Double(reading.outboxPending))
        registry.makeGauge(descriptor: Self.outboxAge).set(to: max(0, reading.outboxOldestAge ?? 0))
    }

    /// Feeds `qticket_loop_naps_total{loop}` from the loops' own counts at every scrape.
    func trackLoopNaps(_ read: @escaping @Sendable () async -> [Int]) {
        let reported = Mutex<[Int]>([])
        addScrapeSource { metrics in
            let naps = await read()
            let added = reported.withLock { last -> [Int] in
                defer { last = naps }
                return naps.indices.map { naps[$0] - (last.indices.contains($0) ? last[$0] : 0) }
            }
            for (loop, count) in added.enumerated() {
                metrics.registry.makeCounter(descriptor: Self.loopNaps, labels: [("loop", String(loop))])
                    .increment(by: Int64(max(0, count)))
            }
        }
    }

    /// Feeds `qticket_backend_pool_connections{backend,state}` from a pool at every scrape.
    public func trackPool<Connection>(_ pool: ConnectionPool<Connection>, backend: String) {
        declareBackend(backend)
        addScrapeSource { metrics in metrics.record(await pool.usage, backend: backend) }
    }

    func record(_ usage: PoolUsage, backend: String) {
        for (state, value) in [("idle", usage.idle), ("in_use", usage.inUse), ("max", usage.max)] {
            registry.makeGauge(descriptor: Self.poolConnections, labels: [("backend", backend), ("state", state)])
                .set(to: Double(value))
        }
        registry.makeGauge(descriptor: Self.poolWaiters, labels: [("backend", backend)]).set(to: Double(usage.waiting))
    }
}

/// The scrape sources every node has (the performances it has loaded, on either backend), and
/// the embedded records' counts.
enum OperatorGauges {
    static func register(metrics: ServerMetrics, states: any PerformanceStates, records: any DurableRecords, clock: WallClock) {
        metrics.declareOperatorFamilies()
        metrics.addScrapeSource { metrics in metrics.record(await states.readings()) }
        guard let storage = records as? Storage else { return }
        metrics.addScrapeSource { metrics in
            // A failed read keeps the last values rather than reporting a false zero.
            if let counts = try? await storage.operatorCounts(now: clock.now()) { metrics.record(counts) }
        }
    }
}
