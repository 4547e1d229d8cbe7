import Foundation
import Logging
import Testing
import TicketingServer

/// The standard-error log writes in batches: nothing reaches the file until a batch fills, the
/// timer fires, an error is logged or the sink is flushed — and a clean stop flushes it.
@Suite("Buffered log")
struct BufferedLogTests {
    /// A fresh file and its write descriptor; read back by path.
    private final class LogFile: Sendable {
        let path: String
        let descriptor: Int32

        init() {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-log-\(UUID().uuidString)").path
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        }

        var lines: [String] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }

        func waitForLines(atLeast count: Int, within limit: Duration = .seconds(10)) async throws -> [String] {
            let deadline = ContinuousClock.now + limit
            while lines.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            return lines
        }

        deinit {
            close(descriptor)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test func linesWaitForTheFlushAndArriveWholeInOrder() throws {
        let file = LogFile()
        let sink = LogSink.buffered(descriptor: file.descriptor, interval: .seconds(3_600))
        let logger = Logger.ecs(label: "test", sink: sink)
        for index in 0..<200 { logger.info("line \(index)", metadata: ["event.duration": "\(index)"]) }
        #expect(file.lines.isEmpty)
        sink.flush()
        let lines = file.lines
        try #require(lines.count == 200)
        for (index, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["message"] as? String == "line \(index)")
            #expect(object["event.duration"] as? Int == index)
        }
    }

    @Test func anErrorGoesOutAtOnceWithWhatCameBefore() throws {
        let file = LogFile()
        let sink = LogSink.buffered(descriptor: file.descriptor, interval: .seconds(3_600))
        let logger = Logger.ecs(label: "test", sink: sink)
        logger.info("before")
        logger.error("broke")
        #expect(file.lines.map { $0.contains("before") } == [true, false])
        #expect(file.lines.last?.contains("\"log.level\":\"error\"") == true)
    }

    @Test func aFullBatchGoesOutWithoutWaiting() throws {
        let file = LogFile()
        let sink = LogSink.buffered(descriptor: file.descriptor, interval: .seconds(3_600))
        let logger = Logger.ecs(label: "test", sink: sink)
        let filler = String(repeating: "x", count: 1_000)
        for _ in 0..<100 { logger.info("\(filler)") }
        // 100 lines of over 1 KB pass one 64 KB batch; the rest wait for the next.
        #expect(file.lines.count >= 50 && file.lines.count < 100)
        sink.flush()
        #expect(file.lines.count == 100)
    }

    @Test func theTimerWritesWithoutAFlush() async throws {
        let file = LogFile()
        let sink = LogSink.buffered(descriptor: file.descriptor, interval: .milliseconds(20))
        Logger.ecs(label: "test", sink: sink).info("on the timer")
        let lines = try await file.waitForLines(atLeast: 1)
        #expect(lines.count == 1 && lines[0].contains("on the timer"))
    }

    @Test func aCleanStopLosesNoLine() async throws {
        let file = LogFile()
        let sink = LogSink.buffered(descriptor: file.descriptor, interval: .seconds(3_600))
        let server = try await TestServer.start { $0.logSink = sink }
        for _ in 0..<3 { _ = try await server.client().send(method: "GET", path: "/health") }
        await server.stop()
        let lines = file.lines
        #expect(lines.filter { $0.contains("\"url.path\":\"/health\"") }.count == 3)
        #expect(lines.contains { $0.contains("\"message\":\"stopped\"") })
        try? FileManager.default.removeItem(at: server.dataDirectory)
    }
}
