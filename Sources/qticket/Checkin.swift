import ArgumentParser
import Foundation
import TerminalApp

/// `qticket checkin --performance ID`: the door. A USB barcode scanner types each code and
/// Enter into the one field; the verdict fills the screen. Works offline from a downloaded list
/// and uploads those scans when the server is back (docs/TICKETS.md).
struct Checkin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Check tickets in at the door (seller or door account).")

    @Option(help: "Base URL of the QueueTicket server (plain http).")
    var server: String = "http://127.0.0.1:8080"

    @Option(help: "The performance whose door this is.")
    var performance: String

    @Option(help: "Seller or door account email.")
    var email: String

    @Option(help: "Its password (or set QTICKET_PASSWORD).")
    var password: String?

    @Option(help: "This door's name, shown to the next door that scans the same ticket.")
    var gate: String?

    @Option(help: "File that keeps offline scans until they are uploaded (default: none).")
    var spool: String?

    @Option(help: "Language of the screen: en or ko (default: from LC_ALL / LANG).")
    var lang: String?

    func validate() throws {
        guard ServerAddress(parsing: server) != nil else {
            throw ValidationError("--server must look like http://127.0.0.1:8080, got \(server)")
        }
        guard password ?? ProcessInfo.processInfo.environment["QTICKET_PASSWORD"] != nil else {
            throw ValidationError("give --password or set QTICKET_PASSWORD")
        }
        if let lang, !["en", "ko"].contains(lang.lowercased()) {
            throw ValidationError("--lang must be en or ko, got \(lang)")
        }
    }

    func run() async throws {
        guard let address = ServerAddress(parsing: server),
              let password = password ?? ProcessInfo.processInfo.environment["QTICKET_PASSWORD"] else { return }
        try await DoorApp(server: address, performanceId: performance, email: email, password: password, gate: gate,
                          spool: spool.map { URL(fileURLWithPath: $0) }, language: lang).run()
    }
}
