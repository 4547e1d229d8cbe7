import COpenSSL

/// Which certificates a TLS connection trusts.
public struct TLSConfiguration: Sendable, Equatable {
    /// A PEM file of trusted CA certificates; nil trusts the system's store.
    public var trustedCertificatesFile: String?

    public init(trustedCertificatesFile: String? = nil) {
        self.trustedCertificatesFile = trustedCertificatesFile
    }

    /// The operating system's trusted roots (`/etc/ssl/certs` on Debian).
    public static let systemTrust = TLSConfiguration()
}

/// An OpenSSL client context: TLS 1.2 or later, peer certificates verified.
///
/// `@unchecked Sendable`: the `SSL_CTX` is configured only in `init` and never changed after;
/// OpenSSL documents creating `SSL` objects from one context on many threads as safe, and that
/// is all the rest of the program does with it.
final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer

    init(_ configuration: TLSConfiguration) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TransportFailure.connectFailed("cannot create a TLS context: \(TLSErrors.drain())")
        }
        self.context = context
        guard qt_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TransportFailure.connectFailed("cannot require TLS 1.2: \(TLSErrors.drain())")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        let loaded = if let file = configuration.trustedCertificatesFile {
            SSL_CTX_load_verify_locations(context, file, nil)
        } else {
            SSL_CTX_set_default_verify_paths(context)
        }
        guard loaded == 1 else {
            throw TransportFailure.connectFailed("cannot load trusted certificates: \(TLSErrors.drain())")
        }
    }

    deinit {
        SSL_CTX_free(context)
    }
}

enum TLSErrors {
    /// OpenSSL's queued errors for this thread, as text, emptying the queue.
    static func drain() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown TLS error" : messages.joined(separator: "; ")
    }
}
