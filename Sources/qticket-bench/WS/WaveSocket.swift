import Foundation
import TicketingNet
import TicketingProtocol
#if canImport(Glibc)
import Glibc
#endif

/// A waiting buyer's WebSocket on a plain socket, opened and subscribed with blocking calls,
/// then read by `WaveListener`'s epoll threads. The load generator shares the server's two
/// cores, so it must cost a read per push, not a task, an actor hop and a `JSONDecoder` pass:
/// otherwise the wave's latency measures the load generator (BENCHMARKS.md, push waves).
struct WaveSocket: Sendable {
    let fd: Int32
    /// The buyer's bearer token (the bench makes the head of the line leave with it).
    let token: String
    /// `ahead` in the first `queue.status` after subscribing.
    let initialAhead: Int
    /// Bytes read past that first status (a push that came right behind it).
    let leftover: [UInt8]

    static func connect(token: String, port: UInt16, performanceId: String, timeoutSeconds: Int = 60) throws -> WaveSocket {
        guard let fd = BlockingLoopback.connect(port: port, timeout: Double(timeoutSeconds)) else {
            throw BenchError("connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
        var kept = false
        defer { if !kept { close(fd) } }

        let key = WebSocketHandshake.makeKey()
        try writeAll(fd, Array(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
            + "Authorization: Bearer \(token)\r\n\r\n").utf8))
        var input: [UInt8] = []
        let headEnd = try readUntilHeadEnd(fd, into: &input)
        let head = String(decoding: input[..<headEnd], as: UTF8.self).lowercased()
        guard head.hasPrefix("http/1.1 101"),
              head.contains("sec-websocket-accept: \(WebSocketHandshake.accept(for: key).lowercased())") else {
            throw BenchError("WebSocket upgrade refused: \(head.prefix(200))")
        }
        input.removeFirst(headEnd + 4)

        let subscribe = try WireJSON.encode(ClientSocketMessage(type: "queue.subscribe", performanceId: performanceId))
        var generator = SystemRandomNumberGenerator()
        let mask = (0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try writeAll(fd, Array(WebSocketFrame(opcode: .text, payload: Array(subscribe)).encoded(mask: mask)))

        var scanner = PushScanner()
        while true {
            if let first = try scanner.take(&input).first {
                let flags = fcntl(fd, F_GETFL)
                guard fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw BenchError("O_NONBLOCK: errno \(errno)") }
                kept = true
                return WaveSocket(fd: fd, token: token, initialAhead: first, leftover: input)
            }
            try readSome(fd, into: &input)
        }
    }

    private static func readUntilHeadEnd(_ fd: Int32, into input: inout [UInt8]) throws -> Int {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if input.count >= 4, let found = (0...(input.count - 4)).first(where: { input[$0..<($0 + 4)].elementsEqual(end) }) {
                return found
            }
            guard input.count < 16_384 else { throw BenchError("WebSocket upgrade answer has no end of head") }
            try readSome(fd, into: &input)
        }
    }

    private static func readSome(_ fd: Int32, into input: inout [UInt8]) throws {
        var chunk = [UInt8](repeating: 0, count: 4_096)
        let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard got > 0 else { throw BenchError(got == 0 ? "server closed the WebSocket" : "read failed: errno \(errno)") }
        input += chunk[..<got]
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + sent, bytes.count - sent) }
            guard wrote > 0 else { throw BenchError("write failed: errno \(errno)") }
            sent += wrote
        }
    }
}

/// Takes whole server frames off the front of the input and reads `ahead` out of each
/// `queue.status` by scanning its bytes (the server writes keys sorted, no spaces).
struct PushScanner {
    private let parser = WebSocketFrameParser(from: .server, maxPayload: 1 << 20)
    private static let statusType = Array(#""type":"queue.status""#.utf8)
    private static let aheadKey = Array(#""ahead":"#.utf8)

    /// The `ahead` of each whole `queue.status` in `input`, in order; consumed bytes are removed.
    mutating func take(_ input: inout [UInt8]) throws -> [Int] {
        var found: [Int] = []
        var consumedTotal = 0
        while consumedTotal < input.count {
            let parsed = input.withUnsafeBytes { raw in
                parser.parse(UnsafeRawBufferPointer(rebasing: raw[consumedTotal...]))
            }
            switch parsed {
            case .incomplete:
                input.removeFirst(consumedTotal)
                return found
            case .violation(let violation):
                throw BenchError("server broke the WebSocket protocol: \(violation.reason)")
            case .frame(let frame, let consumed):
                consumedTotal += consumed
                if frame.opcode == .text, let ahead = Self.ahead(in: frame.payload) { found.append(ahead) }
            }
        }
        input.removeAll(keepingCapacity: true)
        return found
    }

    static func ahead(in payload: [UInt8]) -> Int? {
        guard range(of: statusType, in: payload) != nil, let key = range(of: aheadKey, in: payload) else { return nil }
        var value = 0
        var index = key.upperBound
        guard index < payload.count, (0x30...0x39).contains(payload[index]) else { return nil }
        while index < payload.count, (0x30...0x39).contains(payload[index]) {
            value = value * 10 + Int(payload[index] - 0x30)
            index += 1
        }
        return value
    }

    private static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
    }
}
