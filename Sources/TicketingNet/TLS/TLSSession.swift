import COpenSSL
import FlyingSocks
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection's TLS state over a non-blocking socket. No call ever blocks: when OpenSSL needs
/// the socket readable or writable first, the call throws `TLSWouldBlock`, and the caller waits on
/// its event loop and calls again (see `TCPStream`).
///
/// A reader and a writer may use one session at once (a WebSocket, the server's relay). An `SSL`
/// must not be entered by two threads together, so every OpenSSL call runs under the mutex; each
/// is one non-blocking step, so the lock is held for microseconds. OpenSSL itself writes to the
/// socket (through a BIO that cannot raise SIGPIPE) and keeps any half-sent record, which keeps
/// the ciphertext in order however the reader's and writer's steps interleave.
final class TLSSession: Sendable {
    private let ssl: Mutex<OpaquePointer>
    /// Keeps the context, and the BIO method the socket BIO points at, alive as long as the `SSL`.
    private let context: TLSContext
    private let fd: Int32

    /// A client session that verifies the server as `host`, or a server session when `host` is nil.
    init(context: TLSContext, socket: Socket, verifying host: String?) throws {
        guard let ssl = SSL_new(context.context) else {
            throw TLSError.invalidConfiguration("cannot create a TLS session: \(OpenSSLErrors.drain())")
        }
        guard let bio = qt_BIO_new_nosigpipe_socket(context.socketMethod, socket.file.rawValue) else {
            SSL_free(ssl)
            throw TLSError.invalidConfiguration("cannot create a socket BIO: \(OpenSSLErrors.drain())")
        }
        SSL_set_bio(ssl, bio, bio)
        if let host {
            guard Self.expect(host, on: ssl) else {
                SSL_free(ssl)
                throw TLSError.invalidConfiguration("cannot verify the name \(host): \(OpenSSLErrors.drain())")
            }
            SSL_set_connect_state(ssl)
        } else {
            SSL_set_accept_state(ssl)
        }
        self.ssl = Mutex(ssl)
        self.context = context
        fd = socket.file.rawValue
    }

    deinit {
        ssl.withLock { SSL_free($0) }
    }

    /// Certificates name IP addresses in their own kind of entry, and SNI must not carry one.
    private static func expect(_ host: String, on ssl: OpaquePointer) -> Bool {
        SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        if isIPAddress(host) {
            return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1
        }
        return qt_SSL_set_tlsext_host_name(ssl, host) == 1 && SSL_set1_host(ssl, host) == 1
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    // MARK: Steps

    /// One step of the handshake; returns once it is complete.
    func handshake() throws {
        switch step({ SSL_do_handshake($0) }) {
        case .done: return
        case .wouldBlock(let events): throw TLSWouldBlock(events: events)
        case .closed: throw TLSError.handshakeFailed("the peer closed the connection")
        case .system(let code): throw TLSError.handshakeFailed(String(cString: strerror(code)))
        case .failed(let failure):
            if failure.plainHTTP { throw PlainHTTPOnTLSPort() }
            if let verify = failure.verify { throw TLSError.certificateRejected(verify) }
            throw TLSError.handshakeFailed(failure.detail)
        }
    }

    /// Up to one record of plaintext; throws `TransportFailure.closed` at the end of the stream.
    func read(atMost count: Int) throws -> [UInt8] {
        var outcome = Outcome.closed
        let bytes = [UInt8](unsafeUninitializedCapacity: min(count, Self.maxRecord)) { buffer, initialized in
            outcome = step { SSL_read($0, buffer.baseAddress, Int32(buffer.count)) }
            if case .done(let read) = outcome { initialized = Int(read) } else { initialized = 0 }
        }
        if case .done = outcome { return bytes }
        throw Self.streamError(outcome, doing: "read")
    }

    /// Writes from `index` on; returns the index after the last byte OpenSSL took.
    func write(_ data: Data, from index: Data.Index) throws -> Data.Index {
        guard index < data.endIndex else { return data.endIndex }
        let outcome = data[index...].withUnsafeBytes { buffer in
            step { SSL_write($0, buffer.baseAddress, Int32(clamping: buffer.count)) }
        }
        if case .done(let written) = outcome { return index + Int(written) }
        throw Self.streamError(outcome, doing: "write")
    }

    /// Sends close_notify: the end of our writing, as TLS says it (TCP's FIN alone could be forged).
    /// Only the first call does anything; the peer's own close_notify is not awaited.
    func closeNotify() throws {
        switch step({ SSL_shutdown($0) >= 0 ? 1 : -1 }) {
        case .wouldBlock(let events): throw TLSWouldBlock(events: events)
        default: return
        }
    }

    /// True when nothing but TLS housekeeping has arrived since the last response: a kept-alive
    /// connection may carry the next request. Servers send session tickets and key updates
    /// unasked; those are consumed here. Anything else (data, close_notify, EOF) disqualifies it.
    func isIdleAndOpen() -> Bool {
        ssl.withLock { ssl in
            guard SSL_pending(ssl) == 0 else { return false }
            var byte: UInt8 = 0
            let peeked = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            if peeked < 0 { return errno == EAGAIN || errno == EWOULDBLOCK }
            if peeked == 0 { return false }
            ERR_clear_error()
            let read = SSL_read(ssl, &byte, 1)
            let idle = read <= 0 && SSL_get_error(ssl, read) == SSL_ERROR_WANT_READ && SSL_pending(ssl) == 0
            ERR_clear_error()
            return idle
        }
    }

    // MARK: Plumbing

    private static let maxRecord = 16 * 1024

    private struct Failure {
        var detail: String
        var verify: String?
        var plainHTTP: Bool
    }

    private enum Outcome {
        case done(Int32)
        case wouldBlock(Socket.Events)
        /// close_notify, or EOF (OpenSSL is told to treat a missing close_notify as an end).
        case closed
        case system(Int32)
        case failed(Failure)
    }

    /// Runs one OpenSSL call and reads its outcome, errno and error queue before anything else can
    /// run on this thread.
    private func step(_ call: (OpaquePointer) -> Int32) -> Outcome {
        ssl.withLock { ssl in
            ERR_clear_error()
            let result = call(ssl)
            if result > 0 { return .done(result) }
            let code = errno
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: return .wouldBlock([.read])
            case SSL_ERROR_WANT_WRITE: return .wouldBlock([.write])
            case SSL_ERROR_ZERO_RETURN: return .closed
            case SSL_ERROR_SYSCALL:
                let queued = ERR_peek_error()
                if queued != 0 { return .failed(Self.failure(ssl)) }
                return code == 0 ? .closed : .system(code)
            default:
                return .failed(Self.failure(ssl))
            }
        }
    }

    private static func failure(_ ssl: OpaquePointer) -> Failure {
        let plainHTTP = qt_ERR_is_http_request(ERR_peek_error()) == 1
        let verified = SSL_get_verify_result(ssl)
        let verify = verified == Int(X509_V_OK) ? nil : String(cString: X509_verify_cert_error_string(verified))
        return Failure(detail: OpenSSLErrors.drain(), verify: verify, plainHTTP: plainHTTP)
    }

    private static func streamError(_ outcome: Outcome, doing operation: String) -> any Error {
        switch outcome {
        case .done, .closed: TransportFailure.closed
        case .wouldBlock(let events): TLSWouldBlock(events: events)
        case .system(let code):
            [ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED].contains(code)
                ? TransportFailure.closed : TransportFailure.other("TLS \(operation): \(String(cString: strerror(code)))")
        case .failed(let failure): TransportFailure.other("TLS \(operation): \(failure.detail)")
        }
    }
}
