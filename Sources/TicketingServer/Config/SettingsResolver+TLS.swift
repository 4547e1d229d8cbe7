extension SettingsResolver {
    /// `--tls-cert` and `--tls-key` (env `QTICKET_TLS_CERT`, `QTICKET_TLS_KEY`; file `tls.cert`,
    /// `tls.key`): both or neither, checked by the resolver.
    public func tlsFiles(cert: String?, key: String?) throws -> (certPath: String, keyPath: String)? {
        try serverConfig(flags: ["--tls-cert": cert, "--tls-key": key].compactMapValues { $0 }).tls
    }
}
