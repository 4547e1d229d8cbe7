// COpenSSL's headers bring <sys/socket.h>'s MSG_* flags; Glibc's Swift overlay alone does not
// export them to release (whole-module) builds.
import COpenSSL
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected non-blocking TCP socket, optionally speaking TLS, waiting on the loop of the server
/// connection that opened it or else on the shared client pool.
///
/// Reads go straight to the socket in large slices (FlyingSocks' `AsyncSocket` caps reads at 4 KiB).
/// Cancellation of the calling task interrupts any wait, which is how deadlines are enforced.
/// Public: the server's TLS terminator relays between two of them.
public struct TCPStream: Sendable {
    static let readSize = 64 * 1024

    let socket: Socket
    private let pool: any AsyncSocketPool
    /// Once set, reads and writes carry plaintext through it and the socket carries TLS records.
    let tls: TLSSession?

    private init(socket: Socket, pool: any AsyncSocketPool, tls: TLSSession? = nil) {
        self.socket = socket
        self.pool = pool
        self.tls = tls
    }

    /// Connects, and with `tls` completes a handshake that verifies the server as `host`.
    public static func connect(host: String, port: UInt16, tls: TLSOptions? = nil) async throws -> TCPStream {
        let address = try HostResolver.resolve(host: host, port: port)
        let pool = try await clientPool()
        let socket = try Socket(domain: address.domain, type: .stream)
        let stream = TCPStream(socket: socket, pool: pool)
        do {
            try socket.setFlags(.nonBlocking)
            // Without it a request written as head + body waits for the server's delayed ACK (~40 ms).
            try socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
            try await stream.retryWhenBlocked(on: .write) { try address.connect(socket) }
            guard let tls else { return stream }
            return try await stream.handshake(TLSSession(context: tls.context, socket: socket, verifying: host))
        } catch {
            await stream.close()
            throw TransportFailure.classify(error, connecting: true)
        }
    }

    /// The loop of the server connection whose task connects, if any: the stream's readiness
    /// then resumes its reader on the thread that saw it (a payment's gateway call, say), with no
    /// hop through the shared client loop. Anything else waits on the shared client loop.
    private static func clientPool() async throws -> any AsyncSocketPool {
        #if canImport(CSystemLinux)
        if let loop = LoopExecutor.current as? EPollPool { return loop.abandoningOnCancel }
        #endif
        return try await SharedSocketPool.client.get()
    }

    /// A socket a listener accepted; it waits on the same pool as every client socket.
    public static func accepted(_ socket: Socket) async throws -> TCPStream {
        let pool = try await SharedSocketPool.client.get()
        try socket.setFlags(.nonBlocking)
        try socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
        return TCPStream(socket: socket, pool: pool)
    }

    /// The server side of a handshake on an accepted socket. Throws `PlainHTTPOnTLSPort` when the
    /// peer spoke HTTP instead; this plain stream may then still answer it.
    public func startTLS(server context: TLSContext) async throws -> TCPStream {
        try await handshake(TLSSession(context: context, socket: socket, verifying: nil))
    }

    private func handshake(_ session: TLSSession) async throws -> TCPStream {
        let secured = TCPStream(socket: socket, pool: pool, tls: session)
        try await secured.retryWhenBlocked(on: .read) { try session.handshake() }
        return secured
    }

    /// The local port, which is how a server on the other end of a loopback connection tells it apart.
    public var localPort: UInt16? {
        switch try? socket.sockname() {
        case .ip4(_, let port), .ip6(_, let port): port
        default: nil
        }
    }

    /// Up to `readSize` bytes; throws `TransportFailure.closed` at end of stream.
    public func read() async throws -> [UInt8] {
        do {
            if let tls {
                return try await retryWhenBlocked(on: .read) { try tls.read(atMost: Self.readSize) }
            }
            return try await retryWhenBlocked(on: .read) { try socket.read(atMost: Self.readSize) }
        } catch {
            throw TransportFailure.classify(error, connecting: false)
        }
    }

    public func write(_ data: Data) async throws {
        do {
            if let tls {
                try await NonBlockingIO.writeAll(data, on: socket, pool: pool) { try tls.write(data, from: $0) }
            } else {
                try await socket.writeAll(data, pool: pool)
            }
        } catch {
            throw TransportFailure.classify(error, connecting: false)
        }
    }

    /// True when the peer has neither closed nor sent anything unasked: a kept-alive connection that
    /// fails this check must not carry the next request.
    func isIdleAndOpen() -> Bool {
        if let tls { return tls.isIdleAndOpen() }
        var byte: UInt8 = 0
        let count = recv(socket.file.rawValue, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// Ends our direction only (TLS close_notify, then TCP FIN); the peer may go on sending.
    public func finishWriting() async {
        if let tls {
            _ = try? await retryWhenBlocked(on: .write) { try tls.closeNotify() }
        }
        shutdown(Int32(SHUT_WR))
    }

    /// Ends both directions now; a task waiting to read wakes up and sees end of stream.
    public func shutdown() {
        shutdown(Int32(SHUT_RDWR))
    }

    private func shutdown(_ how: Int32) {
        #if canImport(Glibc)
        _ = Glibc.shutdown(socket.file.rawValue, how)
        #else
        _ = Darwin.shutdown(socket.file.rawValue, how)
        #endif
    }

    /// Call only when no task is waiting on this socket any more.
    public func close() async {
        await pool.barrier()
        try? socket.close()
    }

    private func retryWhenBlocked<T>(on events: Socket.Events, _ attempt: () throws -> T) async throws -> T {
        try await NonBlockingIO.retryWhenBlocked(socket, pool: pool, on: events, attempt)
    }
}

/// How a socket operation failed, reduced to what a caller can act on.
/// Public: the TLS relay tells a peer's close from other failures.
public enum TransportFailure: Error, Equatable {
    /// The peer closed or reset the connection.
    case closed
    case connectFailed(String)
    /// TLS could not be set up, or its handshake failed (before anything was sent).
    case tls(TLSError)
    case cancelled
    case other(String)

    static func classify(_ error: any Error, connecting: Bool) -> TransportFailure {
        if let failure = error as? TransportFailure { return failure }
        if let failure = error as? TLSError { return .tls(failure) }
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
