import COpenSSL
import Foundation

/// An OpenSSL context: TLS 1.2 or later, HTTP/1.1 by ALPN, and either a client's trusted roots
/// or a server's certificate chain and key. Sessions for many connections are made from one.
///
/// `@unchecked Sendable`: both pointers are written only while the factory methods configure
/// them, before the value is shared, and freed in `deinit` once nothing refers to the context;
/// OpenSSL documents making `SSL` objects from one configured `SSL_CTX` on many threads as safe,
/// and a `BIO_METHOD` is a read-only table after setup.
/// Public: the server builds its certificate context from it for the TLS terminator.
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    /// Sessions' socket BIOs point at this table, so each session keeps its context alive.
    let socketMethod: OpaquePointer
    let isServer: Bool

    private init(server: Bool) throws(TLSError) {
        guard let context = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()) else {
            throw .invalidConfiguration("cannot create an OpenSSL context: \(OpenSSLErrors.drain())")
        }
        guard let method = qt_BIO_meth_nosigpipe_socket() else {
            SSL_CTX_free(context)
            throw .invalidConfiguration("cannot create a socket BIO: \(OpenSSLErrors.drain())")
        }
        self.context = context
        socketMethod = method
        isServer = server
        guard qt_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw .invalidConfiguration("cannot require TLS 1.2: \(OpenSSLErrors.drain())")
        }
        qt_SSL_CTX_set_nonblocking_modes(context)
        qt_SSL_CTX_ignore_unexpected_eof(context)
    }

    deinit {
        SSL_CTX_free(context)
        BIO_meth_free(socketMethod)
    }

    /// Verifies servers against `caFile` (PEM), or the system's trusted roots when nil.
    public static func client(caFile: String?) throws(TLSError) -> TLSContext {
        let tls = try TLSContext(server: false)
        SSL_CTX_set_verify(tls.context, SSL_VERIFY_PEER, nil)
        if let caFile {
            try requireReadable(caFile, what: "CA file")
            guard SSL_CTX_load_verify_locations(tls.context, caFile, nil) == 1 else {
                throw .invalidConfiguration("no CA certificate could be read from \(caFile) (PEM expected): "
                                            + OpenSSLErrors.drain())
            }
        } else if SSL_CTX_set_default_verify_paths(tls.context) != 1 {
            throw .invalidConfiguration("cannot load the system's trusted certificates: \(OpenSSLErrors.drain())")
        }
        let http11: [UInt8] = [8] + Array("http/1.1".utf8)
        // SSL_CTX_set_alpn_protos is the one OpenSSL call that returns 0 on success.
        guard SSL_CTX_set_alpn_protos(tls.context, http11, UInt32(http11.count)) == 0 else {
            throw .invalidConfiguration("cannot offer ALPN http/1.1: \(OpenSSLErrors.drain())")
        }
        return tls
    }

    /// Serves `certificateChain` (PEM: the leaf first, then intermediates) with `privateKey` (PEM).
    public static func server(certificateChain: String, privateKey: String) throws(TLSError) -> TLSContext {
        try requireReadable(certificateChain, what: "certificate file")
        try requireReadable(privateKey, what: "key file")
        let tls = try TLSContext(server: true)
        guard SSL_CTX_use_certificate_chain_file(tls.context, certificateChain) == 1 else {
            throw .invalidConfiguration("no certificate could be read from \(certificateChain) (PEM expected): "
                                        + OpenSSLErrors.drain())
        }
        let mismatch = TLSError.invalidConfiguration(
            "the private key in \(privateKey) does not match the certificate in \(certificateChain)")
        guard SSL_CTX_use_PrivateKey_file(tls.context, privateKey, SSL_FILETYPE_PEM) == 1 else {
            if qt_ERR_is_key_mismatch(ERR_peek_last_error()) == 1 {
                ERR_clear_error()
                throw mismatch
            }
            throw .invalidConfiguration("no private key could be read from \(privateKey) (PEM expected): "
                                        + OpenSSLErrors.drain())
        }
        // OpenSSL 1.1 took a key that does not fit and dropped the certificate instead; its
        // message then ("no certificate assigned") would mislead.
        guard SSL_CTX_check_private_key(tls.context) == 1 else {
            ERR_clear_error()
            throw mismatch
        }
        // Our clients never resume sessions; tickets would only cost a write per connection.
        _ = SSL_CTX_set_num_tickets(tls.context, 0)
        qt_SSL_CTX_select_http11(tls.context)
        return tls
    }

    private static func requireReadable(_ path: String, what: String) throws(TLSError) {
        guard access(path, R_OK) == 0 else {
            throw .invalidConfiguration("cannot read the \(what) \(path): \(String(cString: strerror(errno)))")
        }
    }
}
