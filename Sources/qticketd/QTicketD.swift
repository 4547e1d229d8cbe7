import ArgumentParser
import Foundation
import TicketingDomain
import TicketingServer
import TicketingStorage

@main
struct QTicketD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qticketd",
        abstract: "QueueTicket server daemon: HTTP + WebSocket API for ticket rushes.",
        subcommands: [Serve.self, Admin.self, Settle.self, DemoServer.self, SandboxCommand.self, AlertsCommand.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (the default).")

    @Option(help: help("--host")) var host: String?
    @Option(help: help("--port")) var port: String?
    @Option(help: help("--data")) var data: String?
    @Option(help: "TOML config file (env QTICKET_CONFIG).") var config: String?
    @Option(help: help("--log-level")) var logLevel: String?
    @Flag(help: help("--payment-sandbox")) var paymentSandbox = false
    @Option(help: help("--payment-gateway")) var paymentGateway: String?
    @Option(help: help("--payment-gateway-ca")) var paymentGatewayCa: String?
    @Option(help: help("--tls-cert")) var tlsCert: String?
    @Option(help: help("--tls-key")) var tlsKey: String?
    @Option(help: help("--redis")) var redis: String?
    @Option(help: help("--postgres")) var postgres: String?

    /// Option help comes from the settings table, so `--help` and README.md say the same.
    static func help(_ flag: String) -> ArgumentHelp {
        ArgumentHelp(Settings.setting(flag: flag)?.optionHelp ?? "")
    }

    func run() async throws {
        HeapSettings.apply()
        let configPath = config ?? ProcessInfo.processInfo.environment["QTICKET_CONFIG"]
        let file = try configPath.map(ConfigFile.load(path:)) ?? ConfigFile()
        let flags: [String: String?] = [
            "--host": host, "--port": port, "--data": data, "--log-level": logLevel,
            "--payment-sandbox": paymentSandbox ? "true" : nil, "--payment-gateway": paymentGateway,
            "--payment-gateway-ca": paymentGatewayCa, "--tls-cert": tlsCert, "--tls-key": tlsKey,
            "--redis": redis, "--postgres": postgres,
        ]
        let serverConfig = try SettingsResolver(file: file).serverConfig(flags: flags.compactMapValues { $0 })
        let server = try await QueueTicketServer.make(config: serverConfig)
        let stopper = ShutdownSignals { await server.stop(timeout: 2) }
        try await server.start()
        // Scripts and tests read the bound port from this line when they pass --port 0.
        let scheme = serverConfig.tls == nil ? "http" : "https"
        let line = "qticketd listening on \(scheme)://\(serverConfig.host):\(try await server.port())\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        try await server.wait()
        stopper.cancel()
    }
}

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Administration tasks.",
                                                    subcommands: [CreateAdmin.self, LoadDemoCatalog.self])
}

/// `--data DIR`, or the distributed mode's `--redis URL --postgres URL` (also from the environment
/// or `--config`, as `serve` reads them): where an admin task finds the records.
struct RecordsOptions: ParsableArguments {
    @Option(help: "Data directory of an embedded server.") var data: String?
    @Option(help: Serve.help("--redis")) var redis: String?
    @Option(help: Serve.help("--postgres")) var postgres: String?
    @Option(help: "TOML config file (env QTICKET_CONFIG).") var config: String?

    func target() throws -> AdminTasks.Target {
        let configPath = config ?? ProcessInfo.processInfo.environment["QTICKET_CONFIG"]
        let file = try configPath.map(ConfigFile.load(path:)) ?? ConfigFile()
        return try AdminTasks.Target.resolve(data: data, redis: redis, postgres: postgres,
                                             resolver: SettingsResolver(file: file))
    }
}

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an admin account.")

    @OptionGroup var records: RecordsOptions
    @Option(help: "Admin email.") var email: String
    @Option(help: "Admin password (at least 8 characters).") var password: String
    @Option(help: "Display name.") var name: String = "Administrator"

    func run() async throws {
        let id = try await AdminTasks.createAdmin(try records.target(), email: email, password: password, name: name, now: Date())
        print("created admin \(email) (\(id))")
    }
}

struct LoadDemoCatalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-demo", abstract: "Load the demo catalog (halls, venues, performances, demo accounts).")

    @OptionGroup var records: RecordsOptions
    @Option(help: "Assets directory holding catalog/ and halls/ (default: found beside this program).")
    var assets: String?

    func run() async throws {
        let assets = try AssetsLocation.locate(explicit: assets)
        let summary = try await AdminTasks.withRecords(try records.target()) { storage in
            try await DemoLoader.load(into: storage, assets: assets, now: Date())
        }
        print(summary.alreadyLoaded ? "demo catalog already loaded" : "loaded \(summary.venues) venues")
        for show in summary.performances { print("  \(show.id)  \(show.title)") }
    }
}

struct Settle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Close every settlement period that ended by --until (periods still running stay open).")

    @OptionGroup var records: RecordsOptions
    @Option(help: "RFC 3339 time, e.g. 2026-12-25T00:00:00Z.") var until: String

    func run() async throws {
        let result = try await AdminTasks.settle(try records.target(), until: until, now: Date())
        print("closed \(result.closed.count) statement(s); closed until \(result.closedUntil.map { $0.formatted(.iso8601) } ?? "nothing")")
        for statement in result.closed {
            let figures = statement.figures
            print("  \(statement.id)  seller \(statement.sellerId)  gross \(figures.gross)  payout \(figures.payout)")
        }
    }
}
