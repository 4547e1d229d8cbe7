import ArgumentParser
import Foundation
import PaymentSandbox
import TicketingServer

/// `qticketd sandbox`: the Toss-compatible payment sandbox as a process of its own, so several
/// nodes pay through one gateway (`qticketd --payment-gateway http://H:P`) and share one ledger.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the Toss-compatible payment sandbox alone (one gateway for every node).",
        discussion: """
            Nodes pay through it with --payment-gateway http://HOST:PORT and the same secret key in \
            QTICKET_PAYMENT_SECRET_KEY. The keys come from QTICKET_PAYMENT_SECRET_KEY and \
            QTICKET_PAYMENT_CLIENT_KEY (defaults: test_sk_queueticket_sandbox, test_ck_queueticket_sandbox). \
            The ledger (DIR/payment-sandbox.jsonl) survives restarts: charges, refunds and idempotent replies.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "TCP port; 0 picks a free one (printed on the first stdout line).") var port = "8081"
    @Option(help: "Directory that holds the sandbox's ledger (created if missing).") var data: String

    func validate() throws {
        guard !host.isEmpty else { throw ValidationError("--host must not be empty.") }
        guard UInt16(port) != nil else {
            throw ValidationError("--port must be a whole number from 0 to 65535, not '\(port)'.")
        }
        guard !data.isEmpty else { throw ValidationError("--data must name a directory.") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("--data '\(data)' is a file, not a directory.")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var options = SandboxOptions()
        if let secret = environment["QTICKET_PAYMENT_SECRET_KEY"], !secret.isEmpty { options.secretKey = secret }
        if let client = environment["QTICKET_PAYMENT_CLIENT_KEY"], !client.isEmpty { options.clientKey = client }
        let sandbox = try PaymentSandbox(directory: URL(fileURLWithPath: data, isDirectory: true), options: options)
        let server = try PaymentSandboxServer(sandbox: sandbox, host: host, port: UInt16(port) ?? 0)
        let (stopped, stop) = AsyncStream<Void>.makeStream()
        let stopper = ShutdownSignals {
            await server.stop(timeout: 2)
            stop.finish()
        }
        try await server.start()
        // Scripts and tests read the bound port from this line when they pass --port 0.
        let line = "qticketd sandbox listening on http://\(host):\(try await server.port())\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        for await _ in stopped {}
        stopper.cancel()
    }
}
