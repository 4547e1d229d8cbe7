import Foundation
import Logging
import Synchronization
import Testing
@testable import TicketingServer

/// The access line written by hand is the line the ECS logger writes for the same fields.
@Suite("Access log line")
struct AccessLogTests {
    private func capture() -> (LogSink, @Sendable () -> [String]) {
        let lines = Mutex<[String]>([])
        return (LogSink { line in lines.withLock { $0.append(line) } }, { lines.withLock { $0 } })
    }

    /// What `APIHandler` logged through `Logger` before the access log was written by hand.
    private func viaLogger(_ entry: AccessLog.Entry, level: Logger.Level, sink: LogSink) {
        let logger = Logger.ecs(label: "qticketd", sink: sink)
        logger.log(level: level, "\(entry.method) \(entry.route) \(entry.status)", metadata: [
            "http.request.method": "\(entry.method)",
            "url.path": "\(entry.path)",
            "http.route": "\(entry.route)",
            "http.response.status_code": "\(entry.status)",
            "event.duration": "\(entry.nanoseconds)",
            "trace.id": "\(entry.requestId)",
            "client.address": "\(entry.client)",
        ])
    }

    private func withoutTimestamp(_ line: String) -> String {
        line.replacingOccurrences(of: #"^\{"@timestamp":"[^"]*","#, with: "{", options: .regularExpression)
    }

    @Test(arguments: [
        AccessLog.Entry(method: "POST", path: "/v1/performances/prf_1/queue", route: "/v1/performances/:id/queue",
                        status: 200, nanoseconds: 81_234, requestId: "a1b2-1f", client: "127.0.0.1"),
        AccessLog.Entry(method: "GET", path: "/v1/\"odd\"\\path\t\u{1}", route: "unmatched", status: 503,
                        nanoseconds: 15_000_000_123, requestId: "req-é한", client: "-"),
    ])
    func sameLineAsTheLogger(entry: AccessLog.Entry) throws {
        let (mine, mineLines) = capture()
        let (theirs, theirLines) = capture()
        let level: Logger.Level = entry.status >= 500 ? .error : .info
        AccessLog(label: "qticketd", sink: mine, level: .info).write(entry)
        viaLogger(entry, level: level, sink: theirs)
        let line = try #require(mineLines().first)
        let expected = try #require(theirLines().first)
        #expect(withoutTimestamp(line) == withoutTimestamp(expected))
        #expect(withoutTimestamp(line) != line, "a timestamp comes first")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["url.path"] as? String == entry.path)
        #expect(object["log.level"] as? String == level.rawValue)
    }

    @Test func theLevelFiltersLines() {
        let (sink, lines) = capture()
        let log = AccessLog(label: "qticketd", sink: sink, level: .error)
        log.write(AccessLog.Entry(method: "GET", path: "/", route: "/", status: 200, nanoseconds: 1, requestId: "r",
                                  client: "-"))
        #expect(lines().isEmpty)
        log.write(AccessLog.Entry(method: "GET", path: "/", route: "/", status: 500, nanoseconds: 1, requestId: "r",
                                  client: "-"))
        #expect(lines().count == 1)
    }
}
