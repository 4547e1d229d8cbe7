import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

/// The bounded transport over real sockets: limits, deadlines, the connection cap and strict
/// WebSocket frames. Deadlines are short here; every wait is on a condition (a reply or a
/// close), never on elapsed time.
@Suite("Transport limits and deadlines")
struct TransportTests {
    private func errorCode(_ reply: WireProbe.Reply) -> String? {
        guard let start = reply.text.range(of: "\r\n\r\n") else { return nil }
        let body = Data(reply.text[start.upperBound...].utf8)
        return (try? JSONDecoder().decode(ErrorEnvelope.self, from: body))?.error.code
    }

    private func health(_ server: TestServer) async throws -> Int {
        try await server.client().send(method: "GET", path: "/health", body: nil, headers: [:]).status
    }

    @Test func oversizedRequestLineIs414() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let probe = try WireProbe(port: server.port)
        probe.write("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = await probe.read(until: WireProbe.responseComplete)
        #expect(reply.text.hasPrefix("HTTP/1.1 414"))
        #expect(errorCode(reply) == "uri_too_long")
        #expect(try await health(server) == 200)
    }

    @Test func tooManyOrTooLargeHeadersAre431() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let many = try WireProbe(port: server.port)
        many.write("GET /health HTTP/1.1\r\n" + (0..<150).map { "X-\($0): v\r\n" }.joined() + "\r\n")
        let manyReply = await many.read(until: WireProbe.responseComplete)
        #expect(manyReply.text.hasPrefix("HTTP/1.1 431"))
        #expect(errorCode(manyReply) == "headers_too_large")
        let large = try WireProbe(port: server.port)
        large.write("GET /health HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 40_000) + "\r\n\r\n")
        let largeReply = await large.read(until: WireProbe.responseComplete)
        #expect(largeReply.text.hasPrefix("HTTP/1.1 431"))
        #expect(errorCode(largeReply) == "headers_too_large")
    }

    @Test func ambiguousFramingAndUnknownCodingsAreRefused() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let both = try WireProbe(port: server.port)
        both.write("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let bothReply = await both.read(until: WireProbe.responseComplete)
        #expect(bothReply.text.hasPrefix("HTTP/1.1 400"))
        #expect(errorCode(bothReply) == "bad_request")
        let gzip = try WireProbe(port: server.port)
        gzip.write("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
        let gzipReply = await gzip.read(until: WireProbe.responseComplete)
        #expect(gzipReply.text.hasPrefix("HTTP/1.1 501"))
        #expect(errorCode(gzipReply) == "not_implemented")
    }

    @Test func chunkedBodiesAreDecodedAndCappedAt1MiB() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let small = try WireProbe(port: server.port)
        let json = #"{"email":"nobody@example.com","password":"wrong password"}"#
        let hex = String(json.utf8.count, radix: 16)
        small.write("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "\(hex)\r\n\(json)\r\n0\r\n\r\n")
        let smallReply = await small.read(until: WireProbe.responseComplete)
        #expect(smallReply.text.hasPrefix("HTTP/1.1 401"))
        let big = try WireProbe(port: server.port)
        big.write("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = [UInt8](repeating: 0x61, count: 65536)
        for _ in 0..<17 { big.write(Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8)) }
        let bigReply = await big.read(until: WireProbe.responseComplete)
        #expect(bigReply.text.hasPrefix("HTTP/1.1 413"))
        #expect(errorCode(bigReply) == "payload_too_large")
    }

    @Test func http10ClosesAndHttp11KeepsAlive() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let old = try WireProbe(port: server.port)
        old.write("GET /health HTTP/1.0\r\n\r\n")
        let oldReply = await old.read()
        #expect(oldReply.text.hasPrefix("HTTP/1.1 200"))
        #expect(oldReply.closed)
        let kept = try WireProbe(port: server.port)
        // Two pipelined requests on one connection, then a third after both answers.
        kept.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let two = await kept.read { String(decoding: $0, as: UTF8.self).components(separatedBy: "HTTP/1.1 200").count == 3 }
        #expect(!two.closed)
        kept.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let last = await kept.read()
        #expect(last.text.hasPrefix("HTTP/1.1 200"))
        #expect(last.closed)
    }

    @Test func slowlorisIsCutByTheHeadDeadlineWithoutBlockingOthers() async throws {
        let server = try await TestServer.start { $0.transport.headTimeout = .milliseconds(600) }
        defer { Task { await server.stop() } }
        let slow = try WireProbe(port: server.port)
        slow.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Drip: a")
        // Others are served while the slow head is pending. Each sends its whole request the
        // moment it connects, so a starved test process cannot make them look slow too.
        for _ in 0..<3 {
            let other = try WireProbe(port: server.port)
            other.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await other.read().text.hasPrefix("HTTP/1.1 200"))
        }
        let reply = await slow.read()
        #expect(reply.closed)
        #expect(reply.text.hasPrefix("HTTP/1.1 408"))
        #expect(errorCode(reply) == "request_timeout")
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        let server = try await TestServer.start { $0.transport.idleTimeout = .milliseconds(400) }
        defer { Task { await server.stop() } }
        let probe = try WireProbe(port: server.port)
        probe.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = await probe.read(until: WireProbe.responseComplete)
        #expect(first.text.hasPrefix("HTTP/1.1 200"))
        #expect(!first.closed)
        let after = await probe.read()
        #expect(after.closed)
        #expect(after.bytes.isEmpty)
    }

    /// `server.loops` caps the loops connections are spread over; each still serves
    /// kept-alive requests and closes.
    @Test func theConfiguredLoopCountServes() async throws {
        let everyCore = try await TestServer.start()
        let cores = await everyCore.server.servingLoops
        await everyCore.stop()
        #expect(cores == min(ProcessInfo.processInfo.activeProcessorCount, 8))
        for (configured, expected) in [(1, 1), (cores + 1, cores)] {
            let server = try await TestServer.start { $0.transport.loops = configured }
            #expect(await server.server.servingLoops == expected)
            var probes: [WireProbe] = []
            for _ in 0..<4 { probes.append(try WireProbe(port: server.port)) }
            for _ in 0..<2 {
                for probe in probes {
                    probe.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                    #expect(await probe.read(until: WireProbe.responseComplete).text.hasPrefix("HTTP/1.1 200"))
                }
            }
            await server.stop()
        }
    }

    @Test func connectionsOverTheCapGet503AndClose() async throws {
        let server = try await TestServer.start { $0.transport.maxConnections = 2 }
        defer { Task { await server.stop() } }
        var held: [WireProbe] = []
        for _ in 0..<2 {
            let probe = try WireProbe(port: server.port)
            probe.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await probe.read(until: WireProbe.responseComplete).text.hasPrefix("HTTP/1.1 200"))
            held.append(probe)
        }
        let extra = try WireProbe(port: server.port)
        let refused = await extra.read()
        #expect(refused.text.hasPrefix("HTTP/1.1 503"))
        #expect(errorCode(refused) == "overloaded")
        #expect(refused.closed)
        held.removeAll()
        // Freed slots are reused once the server has seen the closes.
        var served = false
        for _ in 0..<200 where !served {
            let probe = try WireProbe(port: server.port)
            probe.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            served = await probe.read().text.hasPrefix("HTTP/1.1 200")
        }
        #expect(served)
    }

    private func webSocket(_ server: TestServer) async throws -> WireProbe {
        let (_, auth) = try await server.signedUp("buyer")
        let probe = try WireProbe(port: server.port)
        #expect(await probe.upgrade(path: "/v1/ws?token=\(auth.token)"))
        return probe
    }

    @Test func webSocketFrameViolationsCloseWithTheirCodes() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let unmasked = try await webSocket(server)
        unmasked.write(WireProbe.clientFrame(0x81, Array("{}".utf8), masked: false))
        #expect(await unmasked.closeCode() == 1002)
        let fragmentedPing = try await webSocket(server)
        fragmentedPing.write(WireProbe.clientFrame(0x09, [1, 2]))
        #expect(await fragmentedPing.closeCode() == 1002)
        let reserved = try await webSocket(server)
        reserved.write(WireProbe.clientFrame(0xC1, Array("{}".utf8)))
        #expect(await reserved.closeCode() == 1002)
        let badText = try await webSocket(server)
        badText.write(WireProbe.clientFrame(0x81, [0x7B, 0xC3, 0x28, 0x7D]))
        #expect(await badText.closeCode() == 1007)
        let huge = try await webSocket(server)
        huge.write(WireProbe.clientFrame(0x82, [UInt8](repeating: 1, count: 300 * 1024)))
        #expect(await huge.closeCode() == 1009)
        #expect(try await health(server) == 200)
    }

    @Test func webSocketPingGetsPongAndCloseIsEchoed() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = try await webSocket(server)
        socket.write(WireProbe.clientFrame(0x89, Array("hi".utf8)))
        let pong = await socket.read { $0.count >= 4 }
        #expect(Array(pong.bytes.prefix(4)) == [0x8A, 2, 0x68, 0x69])
        socket.write(WireProbe.clientFrame(0x88, [0x03, 0xE8]))
        #expect(await socket.closeCode() == 1000)
        #expect(await socket.read().closed)
    }

    @Test func stopEndsIdleAndWebSocketConnectionsAndReleasesThePort() async throws {
        let server = try await TestServer.start()
        let idle = try WireProbe(port: server.port)
        idle.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await idle.read(until: WireProbe.responseComplete).text.hasPrefix("HTTP/1.1 200"))
        let socket = try await webSocket(server)
        await server.stop()
        #expect(await idle.read().closed)
        #expect(await socket.read().closed)
        #expect(throws: (any Error).self) { try WireProbe(port: server.port) }
    }
}
