extension SettingsResolver {
    /// `--tls-cert` and `--tls-key` (env `QTICKET_TLS_CERT`, `QTICKET_TLS_KEY`; file `tls.cert`,
    /// `tls.key`): both or neither, since half a TLS setup would silently serve plain HTTP.
    public func tlsFiles(cert: String?, key: String?) throws -> (certPath: String, keyPath: String)? {
        switch (value(cert, key: "tls.cert"), value(key, key: "tls.key")) {
        case (nil, nil): nil
        case let (certPath?, keyPath?): (certPath, keyPath)
        case (_?, nil): throw SettingsError("--tls-cert needs --tls-key (env QTICKET_TLS_KEY) too")
        case (nil, _?): throw SettingsError("--tls-key needs --tls-cert (env QTICKET_TLS_CERT) too")
        }
    }
}
