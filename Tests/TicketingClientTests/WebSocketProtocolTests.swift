import FlyingFox
import Foundation
import Testing
@testable import TicketingClient
@testable import TicketingNet

/// Frame-level behaviour, driven by servers that write raw frames.
@Suite("WebSocketClient protocol handling", .timeLimit(.minutes(1)))
struct WebSocketProtocolTests {
    @Test func reassemblesFragmentsAroundAPingAndAnswersIt() async throws {
        let log = FrameLog()
        let word = Array("wörld".utf8)
        // The split falls inside "ö": only the whole message is valid UTF-8.
        let frames: [WSFrame] = [
            .text("Hel", fin: false),
            .raw(.ping, Array("p1".utf8)),
            .raw(.continuation, Array("lo, ".utf8) + word[0..<2], fin: false),
            .raw(.continuation, Array(word[2...])),
            .raw(.binary, [1, 2], fin: false),
            .raw(.continuation, [3]),
        ]
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: scripted(frames, log: log)) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            #expect(try await socket.receive(timeout: 30) == .text("Hello, wörld"))
            #expect(try await socket.receive(timeout: 30) == .data(Data([1, 2, 3])))
            let pong = await log.first { $0.opcode == .pong }
            #expect(pong.payload == Data("p1".utf8))
            await socket.close()
            #expect(await log.first { $0.opcode == .close }.closeCode == 1000)
        }
    }

    @Test func answersTheServersCloseAndEndsTheStreamCleanly() async throws {
        let log = FrameLog()
        let frames: [WSFrame] = [.text("bye"), .close(code: WSCloseCode(4000, reason: "sale over"))]
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: scripted(frames, log: log)) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            var received: [WebSocketMessage] = []
            for try await message in socket.messages { received.append(message) }
            #expect(received == [.text("bye")])
            #expect(await socket.serverClose == WebSocketClose(code: 4000, reason: "sale over"))
            #expect(await log.first { $0.opcode == .close }.closeCode == 4000)
            #expect(await socket.isOpen == false)
        }
    }

    @Test func messagesThatArrivedBeforeTheCloseReplyCanStillBeRead() async throws {
        let log = FrameLog()
        let replyToClose = WebSocketHTTPHandler(handler: FrameScript { client, out in
            out.yield(.text("queued 1"))
            out.yield(.text("queued 2"))
            do {
                for try await frame in client where frame.opcode == .close {
                    await log.record(frame)
                    out.yield(.close(code: WSCloseCode(1000, reason: "")))
                    return
                }
            } catch {}
        })
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: replyToClose) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            await socket.close(code: 4001, reason: "leaving")
            #expect(await log.first { $0.opcode == .close }.closeCode == 4001)
            #expect(await socket.serverClose?.code == 1000)
            #expect(try await socket.receive(timeout: 30) == .text("queued 1"))
            #expect(try await socket.receive(timeout: 30) == .text("queued 2"))
            #expect(try await socket.receive(timeout: 30) == nil)
        }
    }

    /// A send that passed the open check but reached the writer after `close()` had begun (an
    /// answer to a ping, a message sent as the app closes) is refused without a byte written; it
    /// used to shut the socket down as if a frame were half written, cutting the close handshake.
    @Test func aSendOvertakenByTheCloseLeavesTheCloseHandshakeWhole() async throws {
        let replyToClose = WebSocketHTTPHandler(handler: FrameScript { client, out in
            do {
                for try await frame in client where frame.opcode == .close {
                    out.yield(.close(code: WSCloseCode(1000, reason: "")))
                    return
                }
            } catch {}
        })
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: replyToClose) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            try await socket.writeGate.acquire()
            let sending = Task { try await socket.send(text: "late") }
            // The send passed the open check and waits for the writer; then the close's frame waits behind it.
            while await socket.writeGate.waitingCount < 1 { await Task.yield() }
            let closing = Task { await socket.close() }
            while await socket.writeGate.waitingCount < 2 { await Task.yield() }
            await socket.writeGate.release()
            await #expect(throws: WebSocketError.notOpen) { try await sending.value }
            await closing.value
            #expect(await socket.serverClose?.code == 1000)
        }
    }

    @Test func aDroppedConnectionEndsTheStreamWithAnError() async throws {
        let frames: [WSFrame] = [.text("last words")]
        let handler = WebSocketHTTPHandler(handler: FrameScript { _, out in out.yield(frames[0]) })
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: handler) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            #expect(try await socket.receive(timeout: 30) == .text("last words"))
            await #expect(throws: WebSocketError.connectionLost) { try await socket.receive(timeout: 30) }
        }
    }

    @Test func closeAndPingGiveUpOnAServerThatNeverAnswers() async throws {
        let deaf = WebSocketHTTPHandler(handler: FrameScript { client, _ in
            do { for try await _ in client {} } catch {}
        })
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: deaf) }) { server in
            // The short timeout is what close() must give up by; connecting under a fully loaded
            // machine may need a second try with it.
            var connected: WebSocketClient?
            for _ in 0..<5 where connected == nil {
                connected = try? await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws",
                                                               timeout: 3)
            }
            let socket = try #require(connected)
            await #expect(throws: WebSocketError.timedOut(seconds: 0.2)) { try await socket.ping(timeout: 0.2) }
            let started = ContinuousClock.now
            await socket.close()
            // Only a hang fails this: the bound is ten times the client's 3 s timeout.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(await socket.isOpen == false)
            #expect(await socket.serverClose == nil)
            #expect(try await socket.receive() == nil)
        }
    }

    static let violations: [(frame: WSFrame, code: UInt16)] = [
        (WSFrame(fin: true, opcode: .text, mask: WSFrame.Mask(m1: 1, m2: 2, m3: 3, m4: 4), payload: Data("hi".utf8)), 1002),
        (WSFrame(fin: true, rsv1: true, opcode: .text, mask: nil, payload: Data("hi".utf8)), 1002),
        (.raw(.ping, [UInt8](repeating: 0, count: 126)), 1002),
        (.raw(.ping, [1], fin: false), 1002),
        (.raw(.continuation, Array("orphan".utf8)), 1002),
        (.raw(WSFrame.Opcode(3), [0]), 1002),
        (.raw(.close, [3]), 1002),
        (.raw(.close, [0x03, 0xED]), 1002),
        (.raw(.text, [0x61, 0xC3, 0x28]), 1007),
        (.raw(.text, [0xED, 0xA0, 0x80]), 1007),
        (.raw(.binary, [UInt8](repeating: 7, count: 2_000)), 1009),
    ]

    @Test(arguments: violations)
    func closesWithTheMatchingCodeOnAProtocolViolation(frame: WSFrame, code: UInt16) async throws {
        let log = FrameLog()
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: scripted([frame], log: log)) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws",
                                                           maxMessageSize: 1_000)
            do {
                _ = try await socket.receive(timeout: 30)
                Issue.record("a bad frame was accepted")
            } catch WebSocketError.protocolViolation(let sent, _) {
                #expect(sent == code)
            }
            #expect(await log.first { $0.opcode == .close }.closeCode == code)
            await #expect(throws: WebSocketError.notOpen) { try await socket.send(text: "more") }
        }
    }

    @Test func limitsTheSizeOfAFragmentedMessageAsAWhole() async throws {
        let log = FrameLog()
        let half = [UInt8](repeating: 1, count: 600)
        let frames: [WSFrame] = [.raw(.binary, half, fin: false), .raw(.continuation, half)]
        try await withTestServer(configure: { await $0.appendRoute("GET /ws", to: scripted(frames, log: log)) }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws",
                                                           maxMessageSize: 1_000)
            await #expect(throws: WebSocketError.self) { try await socket.receive(timeout: 30) }
            #expect(await log.first { $0.opcode == .close }.closeCode == 1009)
        }
    }

    @Test func rejectsAnUpgradeWithTheWrongAccept() async throws {
        try await withRawServer({ connection, _ in
            try await connection.readRequest()
            try await connection.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
            _ = try? await connection.read(exactly: 1)
        }) { server in
            await #expect(throws: WebSocketError.invalidHandshake("Sec-WebSocket-Accept does not match the key")) {
                _ = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            }
        }
    }

    @Test func theHandshakeTimesOutAgainstASilentServer() async throws {
        try await withRawServer({ connection, _ in
            try await connection.readRequest()
            _ = try? await connection.read(exactly: 1)
        }) { server in
            await #expect(throws: WebSocketError.timedOut(seconds: 0.3)) {
                _ = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws", timeout: 0.3)
            }
        }
    }

    /// FlyingFox drops the mask when it decodes, so a raw server checks the bytes on the wire.
    @Test func masksEveryFrameWithAFreshKeyAndUsesTheLongLengthForms() async throws {
        let big = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        let mid = [UInt8](repeating: 9, count: 300)
        let seen = FrameBytesLog()
        try await withRawServer({ connection, _ in
            let (head, _) = try await connection.readRequest()
            let key = connection.header("Sec-WebSocket-Key", in: head) ?? ""
            try await connection.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: \(WebSocketHandshake.accept(for: key))\r\n\r\n")
            for _ in 0..<2 {
                let head = try await connection.read(exactly: 2)
                let lengthBytes = head[1] & 0x7F == 127 ? 8 : head[1] & 0x7F == 126 ? 2 : 0
                let length = try await connection.read(exactly: lengthBytes).reduce(0) { $0 << 8 | Int($1) }
                let mask = try await connection.read(exactly: 4)
                let masked = try await connection.read(exactly: length)
                let payload = masked.enumerated().map { $0.element ^ mask[$0.offset % 4] }
                await seen.add(head: head, mask: mask, masked: masked, payload: payload)
            }
        }) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/ws")
            try await socket.send(data: Data(big))
            try await socket.send(data: Data(mid))
            let frames = await seen.frames(count: 2)
            #expect(frames[0].head == [0x82, 0x80 | 127])
            #expect(frames[1].head == [0x82, 0x80 | 126])
            #expect(frames[0].payload == big)
            #expect(frames[1].payload == mid)
            #expect(frames[1].masked != mid)
            #expect(frames[0].mask != frames[1].mask)
        }
    }
}

actor FrameBytesLog {
    struct Frame: Sendable { var head: [UInt8]; var mask: [UInt8]; var masked: [UInt8]; var payload: [UInt8] }
    private var seen: [Frame] = []
    private var waiter: (count: Int, continuation: CheckedContinuation<[Frame], Never>)?

    func add(head: [UInt8], mask: [UInt8], masked: [UInt8], payload: [UInt8]) {
        seen.append(Frame(head: head, mask: mask, masked: masked, payload: payload))
        if let waiter, seen.count >= waiter.count {
            self.waiter = nil
            waiter.continuation.resume(returning: seen)
        }
    }

    func frames(count: Int) async -> [Frame] {
        if seen.count >= count { return seen }
        return await withCheckedContinuation { waiter = (count, $0) }
    }
}

extension WSFrame: @retroactive CustomTestStringConvertible {
    public var testDescription: String { "opcode \(opcode.rawValue), \(payload.count) bytes" }
}
