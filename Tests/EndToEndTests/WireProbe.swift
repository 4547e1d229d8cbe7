import Foundation
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
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
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

    /// Walks unmasked server frames and returns the first close frame's code (1005 if empty).
    static func closeFrame(in bytes: [UInt8]) -> UInt16? {
        var index = 0
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0F
            var length = Int(bytes[index + 1] & 0x7F)
            var start = index + 2
            if length == 126 {
                guard start + 2 <= bytes.count else { return nil }
                length = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                start += 2
            } else if length == 127 {
                guard start + 8 <= bytes.count else { return nil }
                length = bytes[start..<(start + 8)].reduce(0) { $0 << 8 | Int($1) }
                start += 8
            }
            guard start + length <= bytes.count else { return nil }
            if opcode == 0x8 {
                return length >= 2 ? UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1]) : 1005
            }
            index = start + length
        }
        return nil
    }

    /// A masked client frame.
    static func clientFrame(_ first: UInt8, _ payload: [UInt8], masked: Bool = true) -> [UInt8] {
        let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        var bytes: [UInt8] = [first]
        let bit: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            bytes.append(bit | UInt8(payload.count))
        } else if payload.count < 65536 {
            bytes += [bit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(bit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((payload.count >> shift) & 0xFF)) }
        }
        if masked {
            bytes += mask
            bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        } else {
            bytes += payload
        }
        return bytes
    }
}
