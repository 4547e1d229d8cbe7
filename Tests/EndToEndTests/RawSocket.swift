import Foundation
import TicketingNet
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket with a receive timeout, for sending bytes no well-behaved client would.
/// Blocking calls run on threads of their own: the server under test shares this process and its
/// two cooperative threads, which a blocking `recv` there would starve.
/// Unchecked: `fd` is immutable and each test awaits every read before its next write, so the
/// descriptor is never used from two threads at once.
final class RawSocket: @unchecked Sendable {
    private let fd: Int32

    init(port: UInt16, timeoutSeconds: Int = 5) throws {
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

    /// Writes every byte the way `http.client` sends a body, whether or not the server is
    /// reading; nil when all went out, else the errno (EPIPE, ECONNRESET, EAGAIN on timeout).
    func sendAll(_ bytes: [UInt8]) async -> Int32? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var sent = 0
                while sent < bytes.count {
                    let count = bytes.withUnsafeBytes {
                        send(self.fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                    }
                    if count < 0 {
                        if errno == EINTR { continue }
                        return continuation.resume(returning: errno)
                    }
                    sent += count
                }
                continuation.resume(returning: nil)
            }
        }
    }

    /// Reads until the peer closes; what arrived and the errno that ended it (nil: a clean close).
    func readToEnd() async -> (text: String, error: Int32?) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var data = [UInt8]()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, 65536, 0) }
                    if count == 0 { return continuation.resume(returning: (String(decoding: data, as: UTF8.self), nil)) }
                    if count < 0 {
                        if errno == EINTR { continue }
                        return continuation.resume(returning: (String(decoding: data, as: UTF8.self), errno))
                    }
                    data += buffer.prefix(count)
                }
            }
        }
    }

    /// Reads until the peer closes, `until` matches, or the timeout passes.
    func readAll(until done: @escaping @Sendable (String) -> Bool = { _ in false }) async -> String {
        await withCheckedContinuation { continuation in
            // A thread of its own: on Linux the Dispatch global queues are the cooperative pool.
            Thread.detachNewThread { continuation.resume(returning: self.blockingRead(until: done)) }
        }
    }

    /// True when the peer closed the connection, false when the receive timeout passed first.
    func closedByPeer() async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, 4096, 0) }
                    if count == 0 { return continuation.resume(returning: true) }
                    if count < 0 { return continuation.resume(returning: errno == ECONNRESET) }
                }
            }
        }
    }

    private func blockingRead(until done: (String) -> Bool) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if count <= 0 { break }
            data += buffer.prefix(count)
            if done(String(decoding: data, as: UTF8.self)) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
