import ArgumentParser
import Foundation
import TerminalApp
import TicketingDomain

/// `qticket [tui] --server URL`: the terminal client on a running qticketd.
struct TUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal client on a running qticketd.")

    @Option(help: "Base URL of the QueueTicket server (plain http).")
    var server: String = "http://127.0.0.1:8080"

    @Option(help: "Assets directory whose halls/ the seller's new-venue picker lists (default: found beside this program).")
    var assets: String?

    @Option(help: "Colour theme: standard or high-contrast (F2 switches while running; NO_COLOR turns colour off).")
    var theme: String = "standard"

    @Option(help: "Language of the screens: en or ko (default: from LC_ALL / LANG).")
    var lang: String?

    func validate() throws {
        guard ServerAddress(parsing: server) != nil else {
            throw ArgumentParser.ValidationError("--server must look like http://127.0.0.1:8080, got \(server)")
        }
        if let lang, !["en", "ko"].contains(lang.lowercased()) {
            throw ArgumentParser.ValidationError("--lang must be en or ko, got \(lang)")
        }
        guard ["standard", "high-contrast"].contains(theme) else {
            throw ArgumentParser.ValidationError("--theme must be standard or high-contrast, got \(theme)")
        }
    }

    func run() async throws {
        guard let address = ServerAddress(parsing: server) else { return }
        // Without bundled assets the picker is empty; the client itself works anywhere.
        let assetsDirectory = (try? AssetsLocation.locate(explicit: assets))
            ?? URL(fileURLWithPath: assets ?? "Assets", isDirectory: true)
        try await TerminalApp(server: address,
                              hallsDirectory: assetsDirectory.appendingPathComponent("halls", isDirectory: true),
                              theme: theme, language: lang).run()
    }
}
