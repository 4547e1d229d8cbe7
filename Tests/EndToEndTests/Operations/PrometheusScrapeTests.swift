import Foundation
import Testing
import TicketingClient
#if canImport(Glibc)
import Glibc
#endif

let prometheusInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus")

/// deploy/prometheus as a real Prometheus runs it: scraping a live node and a dead one, the
/// node-down alert fires for the dead one only and the live node's families are queryable.
@Suite("Prometheus scraping qticketd")
struct PrometheusScrapeTests {
    struct AlertsAnswer: Decodable {
        struct Data: Decodable { var alerts: [Alert] }
        struct Alert: Decodable { var labels: [String: String]; var state: String }
        var data: Data
    }

    struct QueryAnswer: Decodable {
        struct Data: Decodable { var result: [Series] }
        struct Series: Decodable { var metric: [String: String] }
        var data: Data
    }

    @Test(.enabled(if: prometheusInstalled, "prometheus is not installed (Debian package prometheus; .ci/deps installs it)"))
    func theNodeDownAlertFiresForADeadNodeOnly() async throws {
        let live = try await TestServer.start()
        defer { Task { await live.stop() } }
        let dead = try NginxTests.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qt-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = repositoryRoot.appendingPathComponent("deploy/prometheus")
        let config = try String(contentsOf: source.appendingPathComponent("prometheus.yml"), encoding: .utf8)
        let nodes = #"["127.0.0.1:8080", "127.0.0.1:8082", "127.0.0.1:8083"]"#
        #expect(config.contains(nodes))
        try config.replacingOccurrences(of: nodes, with: "[\"127.0.0.1:\(live.port)\", \"127.0.0.1:\(dead)\"]")
            .write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: source.appendingPathComponent("alerts.yml"),
                                         to: directory.appendingPathComponent("alerts.yml"))

        let port = try NginxTests.freePort()
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        prometheus.arguments = ["--config.file=\(directory.path)/prometheus.yml",
                                "--storage.tsdb.path=\(directory.path)/data",
                                "--web.listen-address=127.0.0.1:\(port)"]
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = FileHandle.nullDevice
        try prometheus.run()
        defer {
            kill(prometheus.processIdentifier, SIGTERM)
            prometheus.waitUntilExit()
        }

        // Scrapes every 5 s, the alert holds 15 s: firing within about 25 s of the start.
        let api = APIClient(host: "127.0.0.1", port: port)
        let deadline = ContinuousClock.now + .seconds(90)
        var firing: [AlertsAnswer.Alert] = []
        while ContinuousClock.now < deadline {
            let alerts = (try? await api.get("/api/v1/alerts", as: AlertsAnswer.self))?.data.alerts ?? []
            firing = alerts.filter { $0.labels["alertname"] == "QticketNodeDown" && $0.state == "firing" }
            if !firing.isEmpty { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(firing.map { $0.labels["instance"] } == ["127.0.0.1:\(dead)"])
        let series = try await api.get("/api/v1/query?query=qticket_http_requests_total", as: QueryAnswer.self)
        #expect(series.data.result.contains { $0.metric["instance"] == "127.0.0.1:\(live.port)" },
                "Prometheus holds the live node's series")
    }
}
