import COpenSSL
import Foundation

/// TLS over a `TCPStream`, with OpenSSL working on memory buffers: OpenSSL never touches the
/// socket, so all waiting stays on the shared event loop and deadlines still cancel it.
///
/// An actor so the `SSL` object is only ever used from one place at a time. Its callers
/// (HTTPClient, behind its SerialGate) never interleave a read with a write either, which TLS
/// over one buffer pair would not survive.
actor TLSChannel {
    private static let chunk = 16 * 1024

    let tcp: TCPStream
    private let session: SSLSession
    private var ssl: OpaquePointer { session.ssl }
    /// Ciphertext from the network, for OpenSSL to read. Owned by `ssl`.
    private let incoming: OpaquePointer
    /// Ciphertext OpenSSL produced, for us to send. Owned by `ssl`.
    private let outgoing: OpaquePointer

    private init(tcp: TCPStream, context: TLSContext, host: String) throws {
        guard let ssl = SSL_new(context.context), let incoming = BIO_new(BIO_s_mem()),
              let outgoing = BIO_new(BIO_s_mem()) else {
            throw TransportFailure.connectFailed("cannot create a TLS session: \(TLSErrors.drain())")
        }
        self.tcp = tcp
        session = SSLSession(ssl)
        self.incoming = incoming
        self.outgoing = outgoing
        SSL_set_bio(ssl, incoming, outgoing)
        SSL_set_connect_state(ssl)
        if Self.isIPAddress(host) {
            // Certificates name IP addresses in their own SAN kind; SNI must not carry one.
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 else {
                throw TransportFailure.connectFailed("cannot verify address \(host)")
            }
        } else {
            guard qt_SSL_set_tlsext_host_name(ssl, host) == 1, SSL_set1_host(ssl, host) == 1 else {
                throw TransportFailure.connectFailed("cannot verify host \(host): \(TLSErrors.drain())")
            }
        }
    }

    /// Runs the handshake over an open connection; on failure the caller still owns `tcp`.
    static func connect(over tcp: TCPStream, host: String, context: TLSContext) async throws -> TLSChannel {
        let channel = try TLSChannel(tcp: tcp, context: context, host: host)
        try await channel.handshake()
        return channel
    }

    private func handshake() async throws {
        while true {
            ERR_clear_error()
            let result = SSL_do_handshake(ssl)
            let error = SSL_get_error(ssl, result)
            do {
                try await flush()
                if result == 1 { return }
                switch error {
                case SSL_ERROR_WANT_READ: try await receive()
                case SSL_ERROR_WANT_WRITE: continue
                default: throw TransportFailure.connectFailed("TLS handshake failed: \(failureReason())")
                }
            } catch TransportFailure.cancelled {
                throw TransportFailure.cancelled
            } catch TransportFailure.connectFailed(let reason) {
                throw TransportFailure.connectFailed(reason)
            } catch {
                // The request has not been sent: whatever broke, it broke while connecting.
                throw TransportFailure.connectFailed("TLS handshake failed: \(error)")
            }
        }
    }

    /// Up to 16 KiB of plaintext; throws `TransportFailure.closed` at the end of the stream.
    func read() async throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        while true {
            ERR_clear_error()
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 { return Array(buffer.prefix(Int(count))) }
            let error = SSL_get_error(ssl, count)
            try await flush()
            switch error {
            case SSL_ERROR_WANT_READ: try await receive()
            case SSL_ERROR_WANT_WRITE: continue
            case SSL_ERROR_ZERO_RETURN: throw TransportFailure.closed
            default: throw TransportFailure.other("TLS read failed: \(failureReason())")
            }
        }
    }

    func write(_ data: Data) async throws {
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let count = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                offset += Int(count)
                continue
            }
            let error = SSL_get_error(ssl, count)
            try await flush()
            switch error {
            case SSL_ERROR_WANT_READ: try await receive()
            case SSL_ERROR_WANT_WRITE: continue
            default: throw TransportFailure.other("TLS write failed: \(failureReason())")
            }
        }
        try await flush()
    }

    /// Sends what OpenSSL has queued for the network.
    private func flush() async throws {
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        while BIO_ctrl_pending(outgoing) > 0 {
            let count = buffer.withUnsafeMutableBytes { BIO_read(outgoing, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { break }
            try await tcp.write(Data(buffer.prefix(Int(count))))
        }
    }

    /// Hands the next bytes from the network to OpenSSL.
    private func receive() async throws {
        let bytes = try await tcp.read()
        let written = bytes.withUnsafeBytes { BIO_write(incoming, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else { throw TransportFailure.other("TLS buffer refused input") }
    }

    private func failureReason() -> String {
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK {
            return "certificate verify failed: " + String(cString: X509_verify_cert_error_string(verify))
        }
        return TLSErrors.drain()
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// Owns an `SSL` and the buffers attached to it, and frees them with the last reference.
/// A class rather than the actor's own deinit because a nonisolated deinit may not touch the
/// actor's non-Sendable pointers; only the actor ever holds one of these.
private final class SSLSession {
    let ssl: OpaquePointer

    init(_ ssl: OpaquePointer) {
        self.ssl = ssl
    }

    deinit {
        SSL_free(ssl)
    }
}
