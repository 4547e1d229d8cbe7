extension SettingsResolver {
    /// `--redis` and `--postgres` (env `QTICKET_REDIS`, `QTICKET_POSTGRES`; file `backend.redis`,
    /// `backend.postgres`) for the admin subcommands: both or neither, each URL checked by its row.
    public func distributed(redis: String?, postgres: String?) throws -> DistributedSettings? {
        try serverConfig(flags: ["--redis": redis, "--postgres": postgres].compactMapValues { $0 }).distributed
    }
}
