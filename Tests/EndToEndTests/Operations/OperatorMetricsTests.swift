import ConnectionPooling
import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer
import Yams

let promtoolInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")

/// What an operator reads on `/metrics` after a small purchase, checked by Prometheus' own linter,
/// and the dashboard and alert rules in deploy/ against the families a real scrape exports.
@Suite("Operator metrics")
struct OperatorMetricsTests {
    actor FakeConnection: PooledConnection {
        var isBroken: Bool { false }
        func close() {}
    }

    /// One paid order (2 seats) on a fresh server, a pool of 3 with one connection leased, scraped.
    static func scrapeAfterAPurchase() async throws -> (Scrape, performanceId: String, orderTotal: Int) {
        let fixture = try await CheckoutFixture.make(seats: 2)
        let server = fixture.show.server
        defer { Task { await server.stop() } }
        let pool = ConnectionPool(options: .init(maxConnections: 3)) { FakeConnection() }
        await server.server.metrics.trackPool(pool, backend: "postgres")
        let leased = try await pool.acquire()
        let (order, paid) = try await fixture.orderAndPay(card: "4242 4242 4242 4242")
        #expect(paid.status == "paid")
        let scrape = try await Scrape.of(server)
        await pool.release(leased)
        return (scrape, fixture.show.performance.id, order.total)
    }

    @Test(.enabled(if: promtoolInstalled, "promtool is not installed (Debian package prometheus; .ci/deps installs it)"))
    func aRealScrapePassesPromtoolAndShowsThePurchase() async throws {
        let (scrape, performance, _) = try await Self.scrapeAfterAPurchase()
        let lint = try #require(try await runTool("promtool", ["check", "metrics"], input: scrape.text))
        #expect(lint.status == 0 && lint.output.isEmpty, "promtool check metrics: \(lint.output)")

        let show = "performance=\"\(performance)\""
        #expect(scrape.value("qticket_queue_admitted_total{\(show)}") == 1)
        #expect(scrape.value("qticket_queue_waiting{\(show)}") == 0)
        #expect(scrape.value("qticket_queue_admitted_active{\(show)}") == 0, "a paid order frees its admission")
        #expect(scrape.value("qticket_holds_active{\(show)}") == 0, "the hold was sold")
        #expect(scrape.value("qticket_seats{\(show),state=\"sold\"}") == 2)
        #expect(scrape.value("qticket_seats{\(show),state=\"held\"}") == 0)
        #expect((scrape.value("qticket_seats{\(show),state=\"available\"}") ?? 0) > 0)
        for status in ["pending_payment", "payment_processing", "payment_unknown", "refund_processing"] {
            #expect(scrape.value("qticket_orders_open{status=\"\(status)\"}") == 0, "\(status)")
        }
        #expect(scrape.value("qticket_payment_confirms_total{outcome=\"approved\"}") == 1)
        #expect(scrape.value("qticket_payment_confirms_total{outcome=\"declined\"}") == 0)
        #expect(scrape.value("qticket_payment_gateway_request_duration_seconds_count{operation=\"confirm\"}") == 1)
        #expect((scrape.value("qticket_payment_gateway_request_duration_seconds_sum{operation=\"confirm\"}") ?? 0) > 0)
        #expect(scrape.value("qticket_outbox_pending_events") != nil)
        #expect(scrape.value("qticket_loop_naps_total{loop=\"0\"}") != nil, "the loops the server serves on")
        #expect((scrape.value("qticket_outbox_oldest_pending_age_seconds") ?? -1) >= 0)
        #expect((scrape.value("qticket_storage_commit_duration_seconds_count{durability=\"full\"}") ?? 0) >= 2,
                "the order and its payment are fsynced commits")
        #expect((scrape.value("qticket_storage_commit_duration_seconds_count{durability=\"normal\"}") ?? 0) >= 1)
        #expect(scrape.value("qticket_storage_errors_total") == 0)
        #expect(scrape.value("qticket_backend_errors_total{backend=\"payment_gateway\"}") == 0)
        #expect(scrape.value("qticket_backend_pool_connections{backend=\"postgres\",state=\"in_use\"}") == 1)
        #expect(scrape.value("qticket_backend_pool_connections{backend=\"postgres\",state=\"idle\"}") == 0)
        #expect(scrape.value("qticket_backend_pool_connections{backend=\"postgres\",state=\"max\"}") == 3)
        #expect(scrape.value("qticket_backend_pool_waiters{backend=\"postgres\"}") == 0)
        #expect(scrape.value("qticket_checkins_total{outcome=\"admitted\"}") == 0)
        #expect((scrape.value("qticket_http_requests_total{method=\"POST\",route=\"/v1/orders\",status=\"201\"}") ?? 0) >= 1
                || scrape.samples.keys.contains { $0.hasPrefix("qticket_http_requests_total{method=\"POST\",route=\"/v1/orders\"") })
        // Bounded labels only: performance ids, route patterns, statuses, loop numbers (at most 8) and
        // closed lists — no user.
        let allowed: Set<String> = ["method", "route", "status", "worker", "action", "performance", "state", "outcome",
                                    "operation", "durability", "backend", "loop", "le"]
        #expect(scrape.labelNames.subtracting(allowed).isEmpty, "unexpected labels: \(scrape.labelNames.subtracting(allowed))")
    }

    @Test func theDashboardAndTheAlertsReadOnlyExportedMetrics() async throws {
        let (scrape, _, _) = try await Self.scrapeAfterAPurchase()
        let dashboard = try JSONSerialization.jsonObject(
            with: Data(contentsOf: repositoryRoot.appendingPathComponent("deploy/grafana/qticket.json"))) as? [String: Any]
        let panels = try #require(dashboard?["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(expressions.count >= panels.count, "every panel has a query")
        let dashboardNames = expressions.reduce(into: Set<String>()) { $0.formUnion(Scrape.metricNames(in: $1)) }
        #expect(dashboardNames.subtracting(scrape.sampleNames).isEmpty,
                "the dashboard queries metrics no node exports: \(dashboardNames.subtracting(scrape.sampleNames).sorted())")
        for needed in ["qticket_http_requests_total", "qticket_http_request_duration_seconds_bucket", "qticket_queue_waiting",
                       "qticket_queue_admitted_total", "qticket_seats", "qticket_payment_confirms_total",
                       "qticket_outbox_oldest_pending_age_seconds"] {
            #expect(dashboardNames.contains(needed), "the dashboard has no panel on \(needed)")
        }

        let rules = try Yams.load(yaml: String(contentsOf: repositoryRoot.appendingPathComponent("deploy/prometheus/alerts.yml"),
                                               encoding: .utf8)) as? [String: Any]
        let groups = try #require(rules?["groups"] as? [[String: Any]])
        let alertExpressions = groups.flatMap { ($0["rules"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        let alertNames = alertExpressions.reduce(into: Set<String>()) { $0.formUnion(Scrape.metricNames(in: $1)) }
        #expect(!alertNames.isEmpty)
        #expect(alertNames.subtracting(scrape.sampleNames).isEmpty,
                "alert rules read metrics no node exports: \(alertNames.subtracting(scrape.sampleNames).sorted())")
    }
}
