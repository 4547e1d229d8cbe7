import FlyingFox
import Foundation
import Testing
import TicketingClient

/// `qticketd alerts` between Alertmanager and a chat room: a fake Slack webhook on a random port
/// that refuses the first posts, the relay as a child process.
@Suite("qticketd alerts")
struct AlertRelayTests {
    /// Answers 503 to the first `failures` posts, then 200; keeps what it took.
    actor FakeSlack {
        var failures: Int
        var received: [Data] = []
        var attempts = 0

        init(failures: Int) { self.failures = failures }

        func take(_ body: Data) -> Int {
            attempts += 1
            if failures > 0 {
                failures -= 1
                return 503
            }
            received.append(body)
            return 200
        }
    }

    struct FakeSlackHandler: HTTPHandler {
        let slack: FakeSlack

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            var body = Data()
            for try await chunk in request.bodySequence { body.append(chunk) }
            let status = await slack.take(body)
            return HTTPResponse(statusCode: status == 200 ? .ok : .serviceUnavailable, body: Data((status == 200 ? "ok" : "busy").utf8))
        }
    }

    static let firing = """
        {"version":"4","groupKey":"{}:{alertname=\\"QticketNodeDown\\"}","truncatedAlerts":0,"status":"firing",
         "receiver":"chat","groupLabels":{"alertname":"QticketNodeDown"},
         "commonLabels":{"alertname":"QticketNodeDown","job":"qticketd","severity":"critical"},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"QticketNodeDown","instance":"10.0.0.2:8080","job":"qticketd","severity":"critical"},
                    "annotations":{"summary":"qticketd 10.0.0.2:8080 is down","description":"Prometheus could not scrape it."},
                    "startsAt":"2026-12-06T03:00:00Z","endsAt":"0001-01-01T00:00:00Z",
                    "generatorURL":"http://prometheus:9090/graph","fingerprint":"abc"}]}
        """

    @Test func aFiringAlertReachesTheRoomAfterRetriesAndBadBodiesAre400() async throws {
        let slack = FakeSlack(failures: 2)
        let fake = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled,
                              handler: FakeSlackHandler(slack: slack))
        let fakeTask = Task { try await fake.run() }
        defer { fakeTask.cancel() }
        try await fake.waitUntilListening(timeout: 10)
        guard case .ip4(_, let slackPort)? = await fake.listeningAddress else { throw ToolError("fake Slack did not listen") }

        let relay = try await ToolProcess.launch(["alerts", "--listen", "127.0.0.1:0",
                                                  "--forward", "http://127.0.0.1:\(slackPort)/services/T0/B0/secret"])
        let api = APIClient(host: "127.0.0.1", port: relay.port)
        let posted = try await api.send(method: "POST", path: "/", body: Data(Self.firing.utf8),
                                        headers: ["Content-Type": "application/json"])
        #expect(posted.status == 200, "\(String(decoding: posted.body, as: UTF8.self))")
        #expect(await slack.attempts == 3, "two 503s, then taken")
        let message = try #require(await slack.received.first)
        let json = try #require(try JSONSerialization.jsonObject(with: message) as? [String: Any])
        let text = try #require(json["text"] as? String)
        #expect(text.contains("[FIRING] QticketNodeDown") && text.contains("qticketd 10.0.0.2:8080 is down"))
        #expect(text.contains("instance 10.0.0.2:8080"))
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header" && blocks.count >= 2)

        for (bad, why) in [("not json", "not an Alertmanager webhook"),
                           (Self.firing.replacingOccurrences(of: "\"version\":\"4\"", with: "\"version\":\"3\""), "version \"3\""),
                           (#"{"version":"4","status":"firing","alerts":[]}"#, "no alerts"),
                           (#"{"version":"4","status":"firing"}"#, "missing \"alerts\"")] {
            let refused = try await api.send(method: "POST", path: "/", body: Data(bad.utf8), headers: [:])
            #expect(refused.status == 400, "\(bad)")
            let error = (try? JSONDecoder().decode([String: String].self, from: refused.body))?["error"] ?? ""
            #expect(error.contains(why), "\(bad): \(error)")
        }
        #expect(await slack.received.count == 1, "nothing refused was forwarded")
        #expect(await relay.stop() == 0)
    }

    @Test func aRoomThatKeepsFailingIs502SoAlertmanagerRetries() async throws {
        let slack = FakeSlack(failures: 100)
        let fake = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled,
                              handler: FakeSlackHandler(slack: slack))
        let fakeTask = Task { try await fake.run() }
        defer { fakeTask.cancel() }
        try await fake.waitUntilListening(timeout: 10)
        guard case .ip4(_, let slackPort)? = await fake.listeningAddress else { throw ToolError("fake Slack did not listen") }
        let relay = try await ToolProcess.launch(["alerts", "--listen", "127.0.0.1:0", "--attempts", "3",
                                                  "--forward", "http://127.0.0.1:\(slackPort)/hook"])
        let posted = try await APIClient(host: "127.0.0.1", port: relay.port)
            .send(method: "POST", path: "/", body: Data(Self.firing.utf8), headers: [:])
        #expect(posted.status == 502)
        #expect(String(decoding: posted.body, as: UTF8.self).contains("3 attempts"))
        #expect(await slack.attempts == 3)
        await relay.stop()
    }

    @Test func badOptionsAreRefused() async throws {
        for (arguments, message) in [(["alerts", "--forward", "ftp://x/y"], "--forward must be an http(s) URL"),
                                     (["alerts", "--listen", "nowhere", "--forward", "http://127.0.0.1:1/"], "--listen must be HOST:PORT"),
                                     (["alerts"], "Missing expected argument '--forward <forward>'")] {
            let (status, output) = try await SandboxProcessTests.run(arguments)
            #expect(status != 0 && output.contains(message), "\(arguments): \(output)")
        }
    }
}
