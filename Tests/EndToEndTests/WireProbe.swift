import Foundation
import TicketingNet
import TransportFuzz
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client that reports bytes and whether the server closed, for transport
/// tests. Like RawSocket, its blocking calls run on threads of their own, never the cooperative pool.
/// Unchecked: `fd` is immutable and each test awaits every read before the next call.
final class WireProbe: @unchecked Sendable {
    private let fd: Int32

    struct Reply: Sendable {
        var bytes: [UInt8]
        /// The server closed (EOF or reset); false when the receive timeout passed first.
        var closed: Bool
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    init(port: UInt16, timeoutSeconds: Int = 60) throws {
        guard let fd = BlockingLoopback.connect(port: port, timeout: Double(timeoutSeconds)) else {
            throw POSIXError(.ECONNREFUSED)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `done` says so, the server closes, or the receive timeout passes.
    func read(until done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> Reply {
        await withCheckedContinuation { continuation in
            // A thread of its own: on Linux the Dispatch global queues are the cooperative pool.
            Thread.detachNewThread { continuation.resume(returning: self.blockingRead(until: done)) }
        }
    }

    private func blockingRead(until done: ([UInt8]) -> Bool) -> Reply {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if count == 0 { return Reply(bytes: data, closed: true) }
            if count < 0 { return Reply(bytes: data, closed: errno != EAGAIN && errno != EWOULDBLOCK) }
            data += buffer.prefix(count)
            if done(data) { return Reply(bytes: data, closed: false) }
        }
    }

    /// A whole HTTP response with a Content-Length body has arrived.
    static func responseComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<split.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return true }
        return text[split.upperBound...].utf8.count >= length
    }

    /// Upgrades to a WebSocket on `path`; true when the server answered 101.
    func upgrade(path: String) async -> Bool {
        write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let reply = await read { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }
        return reply.text.hasPrefix("HTTP/1.1 101")
    }

    /// Reads server frames until a close frame; returns its code (nil if the socket just ended).
    func closeCode() async -> UInt16? {
        let reply = await read { Self.closeFrame(in: $0) != nil }
        return Self.closeFrame(in: reply.bytes)
    }

    /// The first close frame's code in unmasked server frames (1005 if empty).
    static func closeFrame(in bytes: [UInt8]) -> UInt16? { WSFrames.closeCode(bytes) }

    /// A client frame, masked unless told otherwise.
    static func clientFrame(_ first: UInt8, _ payload: [UInt8], masked: Bool = true) -> [UInt8] {
        WSCaseMaker.frame(first, payload, masked: masked)
    }
}
