import Foundation
import Testing
import TicketingDomain
@testable import TicketingServer

/// The settings table against README.md's configuration table and against `ServerConfig`.
@Suite("Settings as data")
struct SettingsTableTests {
    struct DocumentedRow: Equatable, CustomStringConvertible {
        var flag: String?
        var environment: String
        var key: String?
        var defaultValue: String?
        var allowed: String
        var description: String { "\(environment) \(key ?? "-") default \(defaultValue ?? "-") allowed \(allowed)" }
    }

    static func readmeRows() throws -> [DocumentedRow] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "### Configuration").dropFirst().first)
        let lines = section.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| flag | environment |") })
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            func code(_ cell: String) -> String? {
                cell.isEmpty ? nil : cell.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            return DocumentedRow(flag: code(cells[0]), environment: code(cells[1]) ?? "", key: code(cells[2]),
                                 defaultValue: code(cells[3]), allowed: cells[4])
        }
    }

    static var tableRows: [DocumentedRow] {
        Settings.all.map {
            DocumentedRow(flag: $0.flag, environment: $0.environment, key: $0.key, defaultValue: $0.defaultValue,
                          allowed: $0.allowed)
        }
    }

    @Test func readmeDocumentsEveryRowAndNoOther() throws {
        let documented = try Self.readmeRows()
        #expect(documented.count > 10, "the README table was not found")
        let byEnvironment = Dictionary(documented.map { ($0.environment, $0) }) { first, _ in first }
        #expect(byEnvironment.count == documented.count, "a variable is documented twice")
        for row in Self.tableRows {
            #expect(byEnvironment[row.environment] == row, "README.md says \(byEnvironment[row.environment]?.description ?? "nothing") for \(row)")
        }
        let known = Set(Settings.all.map(\.environment))
        for row in documented where !known.contains(row.environment) {
            Issue.record("README.md documents \(row.environment), which no setting reads")
        }
    }

    @Test func rowsAreDistinctAndReachableFromTheirVariable() {
        #expect(Set(Settings.all.map(\.environment)).count == Settings.all.count)
        #expect(Set(Settings.all.compactMap(\.key)).count == Settings.all.compactMap(\.key).count)
        #expect(Set(Settings.all.compactMap(\.flag)).count == Settings.all.compactMap(\.flag).count)
        for setting in Settings.all {
            if let key = setting.key {
                #expect(SettingsResolver.environmentNames(key: key).contains(setting.environment), "\(key)")
            }
        }
    }

    /// The table's defaults are the ones `ServerConfig` starts from, so a server built in code
    /// (tests, the bench, the demo) behaves like a `qticketd` given no settings.
    @Test func resolvedDefaultsEqualServerConfigDefaults() throws {
        let resolved = try SettingsResolver(environment: [:]).serverConfig(flags: [:])
        let plain = ServerConfig(dataDirectory: URL(fileURLWithPath: "./qticket-data", isDirectory: true))
        #expect(resolved.host == plain.host)
        #expect(resolved.port == plain.port)
        #expect(resolved.dataDirectory.path == plain.dataDirectory.path)
        #expect(resolved.logLevel == plain.logLevel)
        #expect(resolved.tls == nil && plain.tls == nil)
        #expect(resolved.tokenTTL == plain.tokenTTL)
        #expect(resolved.passwordIterations == plain.passwordIterations)
        #expect(resolved.rateLimits == plain.rateLimits)
        #expect(resolved.transport == plain.transport)
        #expect(resolved.couponClaimAckWait == plain.couponClaimAckWait)
        #expect(resolved.commitGather == plain.commitGather)
        #expect(resolved.settlementCalendar == plain.settlementCalendar)
        #expect(resolved.defaultFeeRate == plain.defaultFeeRate)
        #expect(resolved.paymentSandbox == plain.paymentSandbox)
        #expect(resolved.paymentGatewayURL == nil && resolved.paymentSecretKey == nil)
    }

    /// Each limit at its edge: the boundary passes, one step past it is refused, with the key named.
    @Test(arguments: [
        ("server.port", "65535", "65536"), ("server.port", "0", "-1"),
        ("auth.password-iterations", "1000", "999"), ("auth.token-ttl-seconds", "60", "59.9"),
        ("auth.login-lockout-failures", "1", "0"), ("auth.login-lockout-seconds", "0", "-1"),
        ("auth.signup-burst", "1", "0.5"), ("auth.signup-per-second", "0.001", "0"),
        ("transport.head-timeout-seconds", "600", "600.5"), ("transport.max-connections", "1", "0"),
        ("coupons.claim-ack-wait-ms", "5000", "5001"), ("storage.commit-gather-ms", "20", "21"), ("settlement.period-seconds", "60", "59"),
        ("settlement.fee-basis-points", "10000", "10001"), ("log.level", "trace", "loud"),
        ("payment.sandbox", "1", "yes"),
    ])
    func limitsAreCheckedByTheirRow(key: String, accepted: String, refused: String) throws {
        let file = ConfigFile(values: [key: accepted])
        _ = try SettingsResolver(file: file, environment: [:]).serverConfig(flags: [:])
        #expect {
            _ = try SettingsResolver(file: ConfigFile(values: [key: refused]), environment: [:]).serverConfig(flags: [:])
        } throws: { error in
            (error as? SettingsError)?.description.contains(key) == true
        }
    }

    @Test func settlementRowsBuildTheDomainTypes() throws {
        let file = ConfigFile(values: ["settlement.period-seconds": "3600", "settlement.fee-basis-points": "250"])
        let config = try SettingsResolver(file: file, environment: [:]).serverConfig(flags: [:])
        #expect(config.settlementCalendar == SettlementCalendar(periodSeconds: 3_600))
        #expect(config.defaultFeeRate == FeeRate(basisPoints: 250))
    }

    @Test func secretsComeFromTheEnvironmentOnly() throws {
        let file = ConfigFile(values: ["payment.secret-key": "from-file"])
        let config = try SettingsResolver(file: file, environment: ["QTICKET_PAYMENT_SECRET_KEY": "sk"])
            .serverConfig(flags: [:])
        #expect(config.paymentSecretKey == "sk")
        let none = try SettingsResolver(file: file, environment: [:]).serverConfig(flags: [:])
        #expect(none.paymentSecretKey == nil)
        #expect(throws: SettingsError.self) {
            _ = try SettingsResolver(environment: [:]).serverConfig(flags: ["--payment-secret-key": "sk"])
        }
    }
}
