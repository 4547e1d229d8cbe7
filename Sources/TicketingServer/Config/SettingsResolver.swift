import Foundation
import Logging

/// Resolves one setting from, in order: command-line flag, environment (`QTICKET_*`), config file.
public struct SettingsResolver: Sendable {
    public var file: ConfigFile
    public var environment: [String: String]

    public init(file: ConfigFile = ConfigFile(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.file = file
        self.environment = environment
    }

    /// `key` is the config-file key (`server.port`); the environment name is derived
    /// (`QTICKET_SERVER_PORT`) and the short form without the section is accepted too (`QTICKET_PORT`).
    public func value(_ flag: String?, key: String) -> String? {
        if let flag { return flag }
        let envName = "QTICKET_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
            .replacingOccurrences(of: "-", with: "_")
        if let env = environment[envName] { return env }
        if let short = key.split(separator: ".").last,
           let env = environment["QTICKET_" + short.uppercased().replacingOccurrences(of: "-", with: "_")] {
            return env
        }
        return file[key]
    }

    public func serverConfig(host: String?, port: String?, data: String?, logLevel: String?) throws -> ServerConfig {
        let dataPath = value(data, key: "server.data") ?? "./qticket-data"
        var config = ServerConfig(dataDirectory: URL(fileURLWithPath: dataPath, isDirectory: true))
        config.host = value(host, key: "server.host") ?? config.host
        if let text = value(port, key: "server.port") {
            guard let port = UInt16(text) else { throw SettingsError("port must be 0…65535, got '\(text)'") }
            config.port = port
        }
        if let text = value(logLevel, key: "log.level") {
            guard let level = Logger.Level(rawValue: text) else {
                throw SettingsError("log level must be one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = level
        }
        // Load tests and demos may lower the KDF cost; stored hashes keep their own round count.
        if let text = value(nil, key: "auth.password-iterations") {
            guard let rounds = Int(text), (1_000...10_000_000).contains(rounds) else {
                throw SettingsError("auth.password-iterations must be 1,000 to 10,000,000")
            }
            config.passwordIterations = rounds
        }
        if let text = value(nil, key: "auth.token-ttl-seconds") {
            guard let ttl = Double(text), ttl >= 60 else { throw SettingsError("auth.token-ttl-seconds must be ≥ 60") }
            config.tokenTTL = ttl
        }
        if let text = value(nil, key: "auth.login-lockout-failures") {
            guard let failures = Int(text), failures >= 1 else {
                throw SettingsError("auth.login-lockout-failures must be ≥ 1, got '\(text)'")
            }
            config.rateLimits.loginLockout.failures = failures
        }
        if let text = value(nil, key: "auth.login-lockout-seconds") {
            guard let seconds = Double(text), seconds >= 0 else {
                throw SettingsError("auth.login-lockout-seconds must be ≥ 0, got '\(text)'")
            }
            config.rateLimits.loginLockout.duration = seconds
        }
        if let text = value(nil, key: "auth.signup-burst") {
            guard let burst = Double(text), burst >= 1 else {
                throw SettingsError("auth.signup-burst must be ≥ 1, got '\(text)'")
            }
            config.rateLimits.perAddressSignup.burst = burst
        }
        if let text = value(nil, key: "auth.signup-per-second") {
            guard let rate = Double(text), rate > 0 else {
                throw SettingsError("auth.signup-per-second must be > 0, got '\(text)'")
            }
            config.rateLimits.perAddressSignup.perSecond = rate
        }
        if let text = value(nil, key: "transport.head-timeout-seconds") {
            guard let seconds = Double(text), (0.1...600).contains(seconds) else {
                throw SettingsError("transport.head-timeout-seconds must be 0.1…600, got '\(text)'")
            }
            config.transport.headTimeout = .milliseconds(Int(seconds * 1000))
        }
        if let text = value(nil, key: "transport.max-connections") {
            guard let cap = Int(text), cap >= 1 else {
                throw SettingsError("transport.max-connections must be ≥ 1, got '\(text)'")
            }
            config.transport.maxConnections = cap
        }
        if let text = value(nil, key: "coupons.claim-ack-wait-ms") {
            guard let ms = Int(text), (0...5_000).contains(ms) else {
                throw SettingsError("coupons.claim-ack-wait-ms must be 0…5000, got '\(text)'")
            }
            config.couponClaimAckWait = .milliseconds(ms)
        }
        if let text = value(nil, key: "settlement.period-seconds") {
            guard let seconds = Int(text), seconds >= 60 else {
                throw SettingsError("settlement.period-seconds must be ≥ 60, got '\(text)'")
            }
            config.settlementPeriodSeconds = seconds
        }
        if let text = value(nil, key: "settlement.fee-basis-points") {
            guard let bps = Int(text), (0...10_000).contains(bps) else {
                throw SettingsError("settlement.fee-basis-points must be 0…10000, got '\(text)'")
            }
            config.defaultFeeBasisPoints = bps
        }
        return config
    }
}

public struct SettingsError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
