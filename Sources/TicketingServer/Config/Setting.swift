import Foundation

/// One setting of `qticketd`: where it may come from, what it accepts and defaults to, and how
/// it lands in the configuration. `Settings.all` is the whole table; the resolver walks it and
/// a test holds the README's configuration table to it.
public struct Setting: Sendable {
    /// The TOML key (`server.port`); nil for secrets, which come from the environment only.
    public let key: String?
    /// The command-line option (`--port`), when there is one.
    public let flag: String?
    /// The environment variable, as documented (`QTICKET_PORT`).
    public let environment: String
    /// The default as text, parsed like any given value; nil leaves the setting unset.
    public let defaultValue: String?
    /// What values pass, in words (`0…65535`); the parser enforces exactly this.
    public let allowed: String
    public let help: String
    let apply: @Sendable (String, inout SettingsDraft) -> Bool

    /// The one-line help a command-line option shows.
    public var optionHelp: String {
        "\(help) (env \(environment)\(defaultValue.map { "; default \($0)" } ?? ""))."
    }

    /// Parses and checks `text`, then stores it; the single place a limit is enforced.
    func apply(_ text: String, to draft: inout SettingsDraft) throws {
        guard apply(text, &draft) else {
            throw SettingsError("\(key ?? environment) must be \(allowed), got '\(text)'")
        }
    }
}

/// The configuration being resolved, with the parts that are checked together at the end.
struct SettingsDraft {
    var config: ServerConfig
    var tlsCert: String?
    var tlsKey: String?
    var redis: String?
    var postgres: String?
    var redisConnections = DistributedSettings.defaultRedisConnections
}

extension Setting {
    init(_ key: String?, flag: String? = nil, env: String, default defaultValue: String?, allowed: String,
         help: String, apply: @escaping @Sendable (String, inout SettingsDraft) -> Bool) {
        self.key = key
        self.flag = flag
        self.environment = env
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.help = help
        self.apply = apply
    }

    /// A whole number of at least `minimum` (and at most `maximum`, when given).
    static func int(_ key: String, flag: String? = nil, env: String, default value: Int, minimum: Int,
                    maximum: Int? = nil, help: String,
                    store: @escaping @Sendable (inout ServerConfig, Int) -> Void) -> Setting {
        checked(key, flag: flag, env: env, default: value, minimum: minimum, maximum: maximum, help: help) {
            (config: inout ServerConfig, number: Int) -> Bool in
            store(&config, number)
            return true
        }
    }

    /// A whole number of at least `minimum` (at most `maximum`) that `store` may still refuse
    /// (returning false) when a domain type holds the rule.
    static func checked(_ key: String, flag: String? = nil, env: String, default value: Int, minimum: Int,
                        maximum: Int? = nil, help: String,
                        store: @escaping @Sendable (inout ServerConfig, Int) -> Bool) -> Setting {
        let allowed = maximum.map { "\(minimum)…\($0)" } ?? "≥ \(minimum)"
        return Setting(key, flag: flag, env: env, default: String(value), allowed: allowed, help: help) { text, draft in
            guard let number = Int(text), number >= minimum, maximum.map({ number <= $0 }) ?? true else { return false }
            return store(&draft.config, number)
        }
    }

    /// A number with at least `minimum` (and below `maximum`, when given).
    static func number(_ key: String, env: String, default value: String, minimum: Double, inclusive: Bool = true,
                       maximum: Double? = nil, help: String,
                       store: @escaping @Sendable (inout ServerConfig, Double) -> Void) -> Setting {
        let low = inclusive ? "≥ \(Self.decimal(minimum))" : "> \(Self.decimal(minimum))"
        let allowed = maximum.map { "\(Self.decimal(minimum))…\(Self.decimal($0))" } ?? low
        return Setting(key, env: env, default: value, allowed: allowed, help: help) { text, draft in
            guard let number = Double(text), number.isFinite,
                  inclusive ? number >= minimum : number > minimum,
                  maximum.map({ number <= $0 }) ?? true else { return false }
            store(&draft.config, number)
            return true
        }
    }

    /// Any text (paths, URLs, keys); only emptiness is refused.
    static func text(_ key: String?, flag: String? = nil, env: String, default value: String? = nil, help: String,
                     store: @escaping @Sendable (inout SettingsDraft, String) -> Void) -> Setting {
        Setting(key, flag: flag, env: env, default: value, allowed: "text", help: help) { text, draft in
            guard !text.isEmpty else { return false }
            store(&draft, text)
            return true
        }
    }

    private static func decimal(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
