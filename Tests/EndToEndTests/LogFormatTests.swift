import Foundation
import Logging
import Synchronization
import Testing
import TicketingServer

@Suite("ECS log lines")
struct LogFormatTests {
    @Test func linesAreValidJSONWithEscapesNumbersAndSortedKeys() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger.ecs(label: "test", sink: LogSink { line in lines.withLock { $0.append(line) } })
        logger.info("GET \"/v1\"\n\tdone \\ ok é 한 \u{1}", metadata: [
            "http.response.status_code": "201", "event.duration": "1500", "url.path": "/v1/ws",
            "http.route": "not-a-number",
        ])
        let line = try #require(lines.withLock { $0.first })
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "GET \"/v1\"\n\tdone \\ ok é 한 \u{1}")
        #expect(object["http.response.status_code"] as? Int == 201)
        #expect(object["event.duration"] as? Int == 1500)
        #expect(object["url.path"] as? String == "/v1/ws")
        #expect(object["log.level"] as? String == "info")
        #expect(object["ecs.version"] as? String == "8.11.0")
        let stamp = try #require(object["@timestamp"] as? String)
        #expect(stamp.hasSuffix("Z") && stamp.contains("T"))
        // Keys appear in byte order, so lines diff and grep predictably.
        let keys = ["\"@timestamp\"", "\"ecs.version\"", "\"event.duration\"", "\"http.response.status_code\"",
                    "\"http.route\"", "\"log.level\"", "\"log.logger\"", "\"message\"", "\"url.path\""]
        let offsets = keys.compactMap { line.range(of: $0)?.lowerBound }
        #expect(offsets.count == keys.count && offsets == offsets.sorted())
    }

    /// A key set on the logger and again on the event appears once, with the event's value.
    @Test func theEventsMetadataWinsOverTheLoggersOnce() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger.ecs(label: "test", sink: LogSink { line in lines.withLock { $0.append(line) } })
        logger[metadataKey: "url.path"] = "/from-logger"
        logger[metadataKey: "trace.id"] = "t-1"
        logger.info("hello", metadata: ["url.path": "/from-event", "event.duration": "7"])
        let line = try #require(lines.withLock { $0.first })
        #expect(line.components(separatedBy: "\"url.path\"").count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["url.path"] as? String == "/from-event")
        #expect(object["trace.id"] as? String == "t-1")
        #expect(object["event.duration"] as? Int == 7)
    }
}
