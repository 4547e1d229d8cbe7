import ArgumentParser
import Foundation
import TicketingServer

/// `qticketd alerts`: Alertmanager's webhook in, a Slack-compatible message out, so alerts reach
/// a chat room without a plugin (deploy/prometheus/, docs/OPERATIONS.md).
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Forward Alertmanager webhooks to a Slack-compatible incoming webhook.",
        discussion: """
            Point an Alertmanager webhook receiver at http://LISTEN/ . Each notification becomes one \
            message ({"text", "blocks"}) POSTed to --forward, retried with backoff on 429, 5xx or no answer. \
            Answers 200 when forwarded, 400 for a body that is not a version-4 webhook, 502 when the room \
            kept failing (Alertmanager then retries).
            """)

    @Option(help: "HOST:PORT to receive webhooks on; port 0 picks a free one.") var listen = "127.0.0.1:9095"
    @Option(help: "Slack-compatible incoming-webhook URL (http or https).") var forward: String
    @Option(help: "Attempts per message before giving up (1-20).") var attempts = 5

    func validate() throws {
        guard parsedListen() != nil else {
            throw ValidationError("--listen must be HOST:PORT (e.g. 127.0.0.1:9095 or [::1]:9095), not '\(listen)'.")
        }
        guard let url = URL(string: forward), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false, url.query == nil else {
            throw ValidationError("--forward must be an http(s) URL without a query, not '\(forward)'.")
        }
        guard (1...20).contains(attempts) else { throw ValidationError("--attempts must be 1-20, not \(attempts).") }
    }

    /// `127.0.0.1:9095`, `[::1]:9095`.
    func parsedListen() -> (host: String, port: UInt16)? {
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
            return nil
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    func run() async throws {
        guard let (host, port) = parsedListen(),
              let forwarder = try AlertForwarder(url: forward, attempts: attempts) else {
            throw ValidationError("invalid --listen or --forward")
        }
        let server = try AlertRelayServer(host: host, port: port, forwarder: forwarder)
        let (stopped, stop) = AsyncStream<Void>.makeStream()
        let stopper = ShutdownSignals {
            await server.stop(timeout: 2)
            stop.finish()
        }
        try await server.start()
        // Scripts and tests read the bound port from this line when they pass port 0.
        let shown = host.contains(":") ? "[\(host)]" : host
        FileHandle.standardOutput.write(Data("qticketd alerts listening on http://\(shown):\(try await server.port())\n".utf8))
        for await _ in stopped {}
        stopper.cancel()
    }
}
