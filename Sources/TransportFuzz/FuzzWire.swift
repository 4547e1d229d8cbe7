import Foundation
import TicketingNet
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to the server under test. Callers run it on their own threads,
/// never on Swift's cooperative pool (an in-process server needs those threads).
final class FuzzWire {
    let fd: Int32

    init?(port: UInt16, receiveTimeout: Double) {
        guard let fd = BlockingLoopback.connect(port: port, timeout: receiveTimeout) else { return nil }
        self.fd = fd
    }

    deinit { close(fd) }

    /// False when the server stopped taking bytes (it may close mid-request, which is fine).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    enum End { case closed, timedOut, done }

    /// Reads until `done` says so, the server closes, or the receive timeout passes.
    func read(limit: Int = 4 << 20, until done: ([UInt8]) -> Bool) -> (bytes: [UInt8], end: End) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if count == 0 { return (data, .closed) }
            if count < 0 { return (data, errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .closed) }
            data += buffer.prefix(count)
            if done(data) { return (data, .done) }
        }
        return (data, .done)
    }

    /// True once the peer has closed, without waiting; whatever it sent first (a 408) is discarded.
    func peerClosed() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        }
    }
}

/// Splits raw HTTP responses off the wire.
enum ResponseBytes {
    /// The first whole response (Content-Length framed) in `bytes`, if there is one.
    static func first(_ bytes: [UInt8]) -> (status: Int, headers: String, body: [UInt8])? {
        guard let split = find(Array("\r\n\r\n".utf8), in: bytes) else { return nil }
        let head = String(decoding: bytes[0..<split], as: UTF8.self)
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var length = 0
        for line in head.lowercased().components(separatedBy: "\r\n") where line.hasPrefix("content-length:") {
            length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let bodyStart = split + 4
        if status == 101 { return (status, head, []) }
        guard bytes.count >= bodyStart + length else { return nil }
        return (status, head, Array(bytes[bodyStart..<(bodyStart + length)]))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }

    /// docs/API.md's error envelope: `{"error":{"code":"…","message":"…"}}`.
    static func isErrorEnvelope(_ body: [UInt8]) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let error = object["error"] as? [String: Any] else { return false }
        return error["code"] is String && error["message"] is String
    }
}

extension ResponseBytes {
    /// Every whole response in `bytes`, interim 1xx answers (other than 101) skipped.
    static func all(_ bytes: [UInt8]) -> [(status: Int, body: [UInt8])] {
        var found: [(status: Int, body: [UInt8])] = []
        var rest = bytes
        while let response = first(rest) {
            let headLength = response.headers.utf8.count + 4
            rest = Array(rest[(headLength + response.body.count)...])
            if response.status >= 100, response.status < 200, response.status != 101 { continue }
            found.append((response.status, response.body))
            if response.status == 101 { break }
        }
        return found
    }
}

/// Reads server (unmasked) frames.
public enum WSFrames {
    /// The first close frame's code (1005 when it has none), or nil if there is none yet.
    public static func closeCode(_ bytes: [UInt8]) -> UInt16? {
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
            if opcode == 0x8 { return length >= 2 ? UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1]) : 1005 }
            index = start + length
        }
        return nil
    }
}
