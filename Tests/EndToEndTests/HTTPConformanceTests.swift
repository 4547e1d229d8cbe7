import Foundation
import Testing
import TicketingClient
import TicketingProtocol
#if canImport(Glibc)
import Glibc
#endif

/// RFC 9110 / 9112 points a strict client (h11, curl, Python's http.client) checks, over raw sockets.
@Suite("HTTP/1.1 conformance")
struct HTTPConformanceTests {
    /// The head's fields, names lowercased (repeated lines joined with ", " as RFC 9110 §5.3
    /// allows), and the body after the blank line.
    private static func split(_ response: String) -> (status: String, fields: [String: String], body: String) {
        guard let end = response.range(of: "\r\n\r\n") else { return ("", [:], "") }
        let lines = response[..<end.lowerBound].components(separatedBy: "\r\n")
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[line[..<colon].lowercased(), default: ""] += fields[line[..<colon].lowercased()] == nil ? value : ", " + value
        }
        return (lines[0], fields, String(response[end.upperBound...]))
    }

    private func errorCode(_ body: String) -> String? {
        (try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(body.utf8)))?.error.code
    }

    /// What http.client does with a body: head and body written in full before reading a byte.
    /// An answer given before the body was read must still reach it, with no EPIPE or reset.
    @Test(arguments: [
        ("POST /v1/venues HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n"
            + String(repeating: " ", count: 2 << 20), "HTTP/1.1 413", "payload_too_large"),
        ("POST /v1/venues HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Pad: \(String(repeating: "p", count: 1000))\r\n", count: 1000)
            + "\r\n", "HTTP/1.1 431", "headers_too_large"),
        ("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 414", "uri_too_long"),
    ])
    func anEarlyAnswerReachesAClientThatWritesEverythingFirst(_ request: String, _ status: String, _ code: String) async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port, timeoutSeconds: 20)
        let sendError = await socket.sendAll(Array(request.utf8))
        #expect(sendError == nil, "send failed with errno \(sendError ?? 0)")
        let (reply, readError) = await socket.readToEnd()
        #expect(readError == nil, "read failed with errno \(readError ?? 0)")
        let (line, fields, body) = Self.split(reply)
        #expect(line.hasPrefix(status), "got \(reply.prefix(200).debugDescription)")
        #expect(errorCode(body) == code)
        #expect(fields["connection"] == "close")
        #expect(try await server.client().send(method: "GET", path: "/health", body: nil, headers: [:]).status == 200)
    }

    @Test func lingeringEndsWhenThePeerKeepsSendingPastTheBound() async throws {
        let server = try await TestServer.start { $0.transport.lingerBytes = 256 * 1024 }
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port, timeoutSeconds: 20)
        // Far more than the bound: the server stops draining and closes, so the send fails.
        let request = "POST /v1/venues HTTP/1.1\r\nHost: x\r\nContent-Length: 67108864\r\n\r\n"
        let sendError = await socket.sendAll(Array(request.utf8) + [UInt8](repeating: 0x20, count: 64 << 20))
        #expect(sendError == EPIPE || sendError == ECONNRESET)
    }

    @Test func headIsAnsweredOnEveryGetRouteWithoutABody() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        for path in ["/health", "/v1/performances", "/v1/me", "/v1/venues/ven_missing"] {
            let get = try RawSocket(port: server.port)
            get.write("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let got = Self.split(await get.readAll())
            // HEAD and then GET on one connection: the HEAD answer must end at its blank line.
            let head = try RawSocket(port: server.port)
            head.write("HEAD \(path) HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let both = await head.readAll()
            let headed = Self.split(both)
            #expect(headed.status == got.status, "\(path)")
            #expect(!got.status.contains("405"), "\(path)")
            #expect(headed.fields["content-length"] == got.fields["content-length"], "\(path)")
            #expect(headed.fields["content-length"].flatMap(Int.init) == got.body.utf8.count, "\(path)")
            #expect(headed.fields["content-type"] == got.fields["content-type"], "\(path)")
            #expect(headed.body.hasPrefix("HTTP/1.1 200"), "\(path): \(headed.body.prefix(80).debugDescription)")
        }
        // A wrong method's Allow names HEAD wherever GET is allowed.
        let wrong = try RawSocket(port: server.port)
        wrong.write("DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let allow = Self.split(await wrong.readAll()).fields["allow"] ?? ""
        #expect(Set(allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) == ["GET", "HEAD"])
    }

    @Test func noContentAnswersCarryNoContentLength() async throws {
        let show = try await ShowFixture.make(rate: 1_000, maxActive: 1_000)
        defer { Task { await show.server.stop() } }
        let (buyer, auth) = try await show.server.signedUp("buyer")
        _ = try await show.join(buyer)
        let socket = try RawSocket(port: show.server.port)
        socket.write("DELETE \(show.queuePath)/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(auth.token)\r\n\r\n"
                     + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let first = Self.split(await socket.readAll())
        #expect(first.status.hasPrefix("HTTP/1.1 204"), "\(first.status)")
        // RFC 9110 §8.6: a 204 carries no Content-Length; the next answer follows the blank line.
        #expect(first.fields["content-length"] == nil)
        #expect(first.body.hasPrefix("HTTP/1.1 200"))
    }

    @Test func headOnTheWebSocketRouteDoesNotUpgrade() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (_, auth) = try await server.signedUp("buyer")
        let socket = try RawSocket(port: server.port)
        socket.write("HEAD /v1/ws?token=\(auth.token) HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let reply = await socket.readAll { $0.contains("\r\n\r\n") }
        #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(80).debugDescription)")
    }

    /// IMF-fixdate (RFC 9110 §5.6.7), and close to now.
    private func isCurrentDate(_ value: String?) -> Bool {
        guard let value else { return false }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard value.utf8.count == 29, let date = formatter.date(from: value) else { return false }
        return abs(date.timeIntervalSinceNow) < 60
    }

    @Test func everyResponseCarriesADate() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let requests = [
            "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
            "POST /v1/venues HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999\r\n\r\n",
        ]
        for request in requests {
            let socket = try RawSocket(port: server.port)
            socket.write(request)
            let reply = await socket.readAll()
            #expect(isCurrentDate(Self.split(reply).fields["date"]), "\(request.prefix(30).debugDescription): \(reply.prefix(300))")
        }
    }

    @Test func theConnectionCapsAnswerCarriesADateAndARequestId() async throws {
        let server = try await TestServer.start { $0.transport.maxConnections = 1 }
        defer { Task { await server.stop() } }
        let held = try WireProbe(port: server.port)
        held.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await held.read(until: WireProbe.responseComplete).text.hasPrefix("HTTP/1.1 200"))
        let refused = try RawSocket(port: server.port)
        let overloaded = await refused.readAll()
        #expect(overloaded.hasPrefix("HTTP/1.1 503"))
        #expect(isCurrentDate(Self.split(overloaded).fields["date"]), "\(overloaded.prefix(300))")
        #expect(Self.split(overloaded).fields["x-request-id"].map { !$0.isEmpty } == true)
    }

    @Test func theUpgradeAnswerCarriesADate() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (_, auth) = try await server.signedUp("buyer")
        let socket = try RawSocket(port: server.port)
        socket.write("GET /v1/ws?token=\(auth.token) HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let reply = await socket.readAll { $0.contains("\r\n\r\n") }
        #expect(reply.hasPrefix("HTTP/1.1 101"))
        #expect(isCurrentDate(Self.split(reply).fields["date"]), "\(reply.prefix(300))")
    }

    @Test(arguments: [
        ("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n", "HTTP/1.1 400"),
        ("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", "HTTP/1.1 400"),
        ("GET /health HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", "HTTP/1.1 400"),
        ("GET /health HTTP/1.1\r\nHost: a b/c\r\nConnection: close\r\n\r\n", "HTTP/1.1 400"),
        ("GET /health HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n", "HTTP/1.1 200"),
        ("GET /health HTTP/1.0\r\n\r\n", "HTTP/1.1 200"),
        ("GET /health HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n", "HTTP/1.1 200"),
    ])
    func hostMustBeThereOnceIn11(_ request: String, _ status: String) async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        socket.write(request)
        let reply = await socket.readAll()
        #expect(reply.hasPrefix(status), "\(request.debugDescription): \(reply.prefix(200).debugDescription)")
        if status.hasSuffix("400") { #expect(errorCode(Self.split(reply).body) == "bad_request") }
    }

    @Test func absoluteFormTargetsAreRoutedByTheirPath() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        socket.write("GET http://127.0.0.1:\(server.port)/health HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n"
                     + "GET HTTPS://example.com/v1/nothing?x=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n")
        let reply = await socket.readAll()
        #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply.prefix(200).debugDescription)")
        #expect(reply.contains("\"ok\""))
        #expect(reply.contains("HTTP/1.1 404"))
        let bad = try RawSocket(port: server.port)
        bad.write("GET http://user@host/health HTTP/1.1\r\nHost: host\r\n\r\n")
        #expect(await bad.readAll().hasPrefix("HTTP/1.1 400"))
    }

    /// Transport refusals: the id the caller sent when the head got that far, else a minted one.
    @Test(arguments: [
        ("GET /health HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", "400", false),
        ("GET /health HTTP/1.1\r\nX-Request-Id: trace-7\r\n\r\n", "400", true),
        ("POST /v1/venues HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-7\r\nContent-Length: 9999999\r\n\r\n", "413", true),
        ("POST /v1/venues HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-7\r\nTransfer-Encoding: gzip\r\n\r\n", "501", true),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "414", false),
        ("GET /health HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 40_000) + "\r\n\r\n", "431", false),
    ])
    func transportRefusalsCarryARequestId(_ request: String, _ status: String, _ echoed: Bool) async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        socket.write(request)
        let reply = Self.split(await socket.readAll())
        #expect(reply.status.hasPrefix("HTTP/1.1 \(status)"))
        let id = reply.fields["x-request-id"]
        #expect(id.map { !$0.isEmpty } == true)
        #expect((id == "trace-7") == echoed)
    }

    @Test func theHeadTimeoutCarriesARequestId() async throws {
        let server = try await TestServer.start { $0.transport.headTimeout = .milliseconds(300) }
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\n")
        let reply = Self.split(await socket.readAll())
        #expect(reply.status.hasPrefix("HTTP/1.1 408"))
        #expect(reply.fields["x-request-id"].map { !$0.isEmpty } == true)
    }
}
