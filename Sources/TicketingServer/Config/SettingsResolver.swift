import Foundation

/// Resolves every row of `Settings.all` from, in order: command-line flag, environment
/// (`QTICKET_*`), config file, the row's default. Each value is parsed and checked by its row.
public struct SettingsResolver: Sendable {
    public var file: ConfigFile
    public var environment: [String: String]

    public init(file: ConfigFile = ConfigFile(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.file = file
        self.environment = environment
    }

    /// `flags` maps a row's flag (`--port`) to the text given on the command line.
    public func serverConfig(flags: [String: String]) throws -> ServerConfig {
        let unknown = Set(flags.keys).subtracting(Settings.all.compactMap(\.flag))
        guard unknown.isEmpty else { throw SettingsError("no setting has the flag \(unknown.sorted().joined(separator: ", "))") }
        var draft = SettingsDraft(config: ServerConfig(dataDirectory: URL(fileURLWithPath: ".", isDirectory: true)))
        for setting in Settings.all {
            guard let text = value(of: setting, flags: flags) else { continue }
            try setting.apply(text, to: &draft)
        }
        // Half a TLS setup would silently serve plain HTTP.
        switch (draft.tlsCert, draft.tlsKey) {
        case (nil, nil): draft.config.tls = nil
        case let (cert?, key?): draft.config.tls = (cert, key)
        case (_?, nil): throw SettingsError("--tls-cert needs --tls-key (env QTICKET_TLS_KEY) too")
        case (nil, _?): throw SettingsError("--tls-key needs --tls-cert (env QTICKET_TLS_CERT) too")
        }
        draft.config.distributed = try Self.distributed(redis: draft.redis, postgres: draft.postgres)
        draft.config.distributed?.redisConnections = draft.redisConnections
        return draft.config
    }

    /// Half a distributed setup would keep one engine's state on this node alone.
    static func distributed(redis: String?, postgres: String?) throws -> DistributedSettings? {
        switch (redis, postgres) {
        case (nil, nil): return nil
        case let (redis?, postgres?):
            guard let settings = DistributedSettings(redisURL: redis, postgresURL: postgres) else {
                throw SettingsError("--redis and --postgres must be redis://HOST:PORT[/DB] and postgresql://USER@HOST:PORT/DB")
            }
            return settings
        case (_?, nil): throw SettingsError("--redis needs --postgres (env QTICKET_POSTGRES) too: the distributed mode uses both")
        case (nil, _?): throw SettingsError("--postgres needs --redis (env QTICKET_REDIS) too: the distributed mode uses both")
        }
    }

    public func serverConfig(host: String?, port: String?, data: String?, logLevel: String?) throws -> ServerConfig {
        try serverConfig(flags: ["--host": host, "--port": port, "--data": data, "--log-level": logLevel]
            .compactMapValues { $0 })
    }

    /// Where one row's text comes from. Besides the documented variable, the environment may
    /// name a file key in full (`QTICKET_SERVER_PORT`) or without its section (`QTICKET_PORT`).
    func value(of setting: Setting, flags: [String: String]) -> String? {
        if let flag = setting.flag, let given = flags[flag] { return given }
        if let given = environment[setting.environment] { return given }
        if let key = setting.key {
            for name in Self.environmentNames(key: key) {
                if let given = environment[name] { return given }
            }
            if let given = file[key] { return given }
        }
        return setting.defaultValue
    }

    static func environmentNames(key: String) -> [String] {
        let long = "QTICKET_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
            .replacingOccurrences(of: "-", with: "_")
        let short = key.split(separator: ".").last.map {
            "QTICKET_" + $0.uppercased().replacingOccurrences(of: "-", with: "_")
        }
        return [long] + (short.map { [$0] } ?? [])
    }
}

public struct SettingsError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
