/// How a client checks the server it speaks TLS to: the certificate chain against trusted roots,
/// and the certificate's names against the host it dialled (an IP address against its IP names).
///
/// Building one loads the trusted certificates, so a missing or malformed CA file fails here, at
/// configuration time, rather than on the first request. Share one value between clients that
/// trust the same roots: they share the loaded store too.
/// Public: every https/wss caller (TUI, bench, the server's payment client) configures trust with it.
public struct TLSOptions: Sendable {
    /// A PEM file of trusted CA certificates; nil trusts the system's store (`/etc/ssl/certs`).
    public let caFile: String?
    public let context: TLSContext

    public init(caFile: String? = nil) throws {
        self.caFile = caFile
        context = try TLSContext.client(caFile: caFile)
    }
}
