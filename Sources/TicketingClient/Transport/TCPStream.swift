import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected non-blocking TCP socket waiting on the shared client pool.
///
/// Reads go straight to the socket in large slices (FlyingSocks' `AsyncSocket` caps reads at 4 KiB).
/// Cancellation of the calling task interrupts any wait, which is how deadlines are enforced.
struct TCPStream: Sendable {
    static let readSize = 64 * 1024

    let socket: Socket
    private let pool: any AsyncSocketPool

    static func connect(host: String, port: UInt16) async throws -> TCPStream {
        let address = try HostResolver.resolve(host: host, port: port)
        let pool = try await ClientSocketPool.shared.get()
        let socket = try Socket(domain: address.domain, type: .stream)
        let stream = TCPStream(socket: socket, pool: pool)
        do {
            try socket.setFlags(.nonBlocking)
            // Without it a request written as head + body waits for the server's delayed ACK (~40 ms).
            try socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
            try await stream.retryWhenBlocked(on: .write) { try address.connect(socket) }
            return stream
        } catch {
            await stream.close()
            throw TransportFailure.classify(error, connecting: true)
        }
    }

    /// Up to `readSize` bytes; throws `TransportFailure.closed` at end of stream.
    func read() async throws -> [UInt8] {
        do {
            return try await retryWhenBlocked(on: .read) { try socket.read(atMost: Self.readSize) }
        } catch {
            throw TransportFailure.classify(error, connecting: false)
        }
    }

    func write(_ data: Data) async throws {
        var index = data.startIndex
        do {
            while index < data.endIndex {
                let from = index
                index = try await retryWhenBlocked(on: .write) { try socket.write(data, from: from) }
            }
        } catch {
            throw TransportFailure.classify(error, connecting: false)
        }
    }

    /// True when the peer has neither closed nor sent anything unasked: a kept-alive connection that
    /// fails this check must not carry the next request.
    func isIdleAndOpen() -> Bool {
        var byte: UInt8 = 0
        let count = recv(socket.file.rawValue, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// True unless the peer has closed (unread bytes are fine).
    func isOpenForReading() -> Bool {
        var byte: UInt8 = 0
        let count = recv(socket.file.rawValue, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count > 0 || (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    }

    /// Ends both directions now; a task waiting to read wakes up and sees end of stream.
    func shutdown() {
        #if canImport(Glibc)
        _ = Glibc.shutdown(socket.file.rawValue, Int32(SHUT_RDWR))
        #else
        _ = Darwin.shutdown(socket.file.rawValue, SHUT_RDWR)
        #endif
    }

    /// Call only when no task is waiting on this socket any more.
    func close() async {
        await pool.barrier()
        try? socket.close()
    }

    private func retryWhenBlocked<T>(on events: Socket.Events, _ attempt: () throws -> T) async throws -> T {
        while true {
            try Task.checkCancellation()
            do {
                return try attempt()
            } catch SocketError.blocked {
                try await pool.suspendSocket(socket, untilReadyFor: events)
            }
        }
    }
}

/// How a socket operation failed, reduced to what a caller can act on.
enum TransportFailure: Error, Equatable {
    /// The peer closed or reset the connection.
    case closed
    case connectFailed(String)
    case cancelled
    case other(String)

    static func classify(_ error: any Error, connecting: Bool) -> TransportFailure {
        if let failure = error as? TransportFailure { return failure }
        if error is CancellationError { return .cancelled }
        if let socketError = error as? SocketError {
            switch socketError {
            case .disconnected:
                return connecting ? .connectFailed("connection closed while connecting") : .closed
            case .failed(_, let code, let message):
                if connecting { return .connectFailed(message) }
                if [ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED].contains(code) { return .closed }
                return .other(message)
            default:
                return .other(socketError.localizedDescription)
            }
        }
        return .other(String(describing: error))
    }
}
