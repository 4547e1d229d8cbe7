import Foundation
import GRDB
import Synchronization
import Testing
import TicketingDomain
@testable import TicketingServer
@testable import TicketingStorage

@Suite("Operator metrics: storage observer and alert messages")
struct OperatorMetricsUnitTests {
    static func storage(_ metrics: ServerMetrics) throws -> Storage {
        try Storage(directory: FileManager.default.temporaryDirectory.appendingPathComponent("qt-obs-\(UUID().uuidString)"),
                    observer: metrics)
    }

    static func user(_ email: String) -> UserRecord {
        UserRecord(id: "usr_\(UUID().uuidString.prefix(8))", email: email, name: "n", role: .buyer, passwordHash: "-",
                   createdAt: Date())
    }

    @Test func commitsAreTimedAndOnlyRealFailuresCountAsStorageErrors() async throws {
        let metrics = ServerMetrics()
        metrics.declareOperatorFamilies()
        let storage = try Self.storage(metrics)
        try await storage.createUser(Self.user("a@example.com"))
        // A taken address is the business answer "duplicate", not a storage failure.
        await #expect(throws: StorageError.duplicate("email")) { try await storage.createUser(Self.user("a@example.com")) }
        let text = metrics.render()
        #expect(text.contains("qticket_storage_commit_duration_seconds_count{durability=\"normal\"} 1"), "\(text)")
        #expect(text.contains("qticket_storage_errors_total 0"))

        await #expect(throws: DatabaseError.self) {
            try await storage.write { db in try db.execute(sql: "INSERT INTO noSuchTable VALUES (1)") }
        }
        #expect(metrics.render().contains("qticket_storage_errors_total 1"))
    }

    static func alert(_ index: Int, status: String = "firing") -> AlertmanagerWebhook.Alert {
        AlertmanagerWebhook.Alert(status: status, labels: ["alertname": "QticketOutboxLag", "instance": "n\(index):8080"],
                                  annotations: ["summary": "Outbox on n\(index) is lagging"], startsAt: nil, endsAt: nil,
                                  generatorURL: nil, fingerprint: nil)
    }

    @Test func aLargeGroupIsCutToTwentySectionsAndCountsTheRest() throws {
        let hook = AlertmanagerWebhook(version: "4", status: "firing", receiver: "chat", groupKey: nil, truncatedAlerts: 3,
                                       groupLabels: ["alertname": "QticketOutboxLag"], commonLabels: nil,
                                       commonAnnotations: nil, externalURL: nil,
                                       alerts: (0..<24).map { Self.alert($0) } + [Self.alert(99, status: "resolved")])
        let json = try #require(try JSONSerialization.jsonObject(with: SlackMessage.make(from: hook)) as? [String: Any])
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.filter { $0["type"] as? String == "section" }.count == 20)
        let text = try #require(json["text"] as? String)
        #expect(text.hasPrefix(":rotating_light: [FIRING] QticketOutboxLag (24 firing, 1 resolved)"))
        #expect(text.hasSuffix("… and 8 more"), "5 beyond the 20 shown plus 3 Alertmanager truncated")
    }

    @Test func aWebhookWithAnUnknownStatusIsRefused() throws {
        let body = #"{"version":"4","status":"pending","alerts":[{"status":"firing","labels":{},"annotations":{}}]}"#
        #expect(throws: AlertmanagerWebhook.Invalid.badStatus("pending")) { try AlertmanagerWebhook.decode(Data(body.utf8)) }
        let resolved = #"{"version":"4","status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"X"},"annotations":{}}]}"#
        let hook = try AlertmanagerWebhook.decode(Data(resolved.utf8))
        let text = String(decoding: SlackMessage.make(from: hook), as: UTF8.self)
        #expect(text.contains("[RESOLVED] X"))
    }

    /// The loops keep their own running counts; each scrape adds what was new since the last.
    @Test func loopNapsAreCountedFromTheLoopsOwnTotals() async {
        let metrics = ServerMetrics()
        let totals = Mutex<[Int]>([3, 0])
        metrics.trackLoopNaps { totals.withLock { $0 } }
        var text = await metrics.scrape()
        #expect(text.contains("qticket_loop_naps_total{loop=\"0\"} 3"), "\(text)")
        #expect(text.contains("qticket_loop_naps_total{loop=\"1\"} 0"))
        totals.withLock { $0 = [10, 4] }
        text = await metrics.scrape()
        #expect(text.contains("qticket_loop_naps_total{loop=\"0\"} 10"), "\(text)")
        #expect(text.contains("qticket_loop_naps_total{loop=\"1\"} 4"))
        text = await metrics.scrape()
        #expect(text.contains("qticket_loop_naps_total{loop=\"0\"} 10"), "nothing new, nothing added")
    }
}
