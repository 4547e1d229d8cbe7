import Foundation
import PaymentSandbox
import Testing
import TicketingClient
import TicketingProtocol
@testable import TicketingServer

/// `qticketd sandbox` as the one gateway of a node: the node pays through it, the charge is read
/// back through the gateway's API, and a restarted sandbox still has it (and replays confirms).
@Suite("qticketd sandbox")
struct SandboxProcessTests {
    static let options = SandboxOptions()

    static func launch(_ data: URL) async throws -> ToolProcess {
        try await ToolProcess.launch(["sandbox", "--host", "127.0.0.1", "--port", "0", "--data", data.path])
    }

    static func gateway(_ sandbox: ToolProcess) throws -> TossPaymentsClient {
        try TossPaymentsClient(endpoint: TossEndpoint(host: "127.0.0.1", port: sandbox.port), secretKey: options.secretKey)
    }

    @Test func aNodePaysThroughTheStandaloneSandboxAndItsLedgerSurvivesARestart() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("qt-sandbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        var sandbox = try await Self.launch(data)
        var sandboxRunning = true
        defer { if sandboxRunning { kill(sandbox.pid, SIGKILL) } }

        let port = sandbox.port
        let server = try await TestServer.start { config in
            config.paymentSandbox = false
            config.paymentGatewayURL = "http://127.0.0.1:\(port)"
            config.paymentSecretKey = Self.options.secretKey
            config.paymentClientKey = Self.options.clientKey
        }
        let show = try await ShowFixture.make(on: server, rate: 1_000, maxActive: 1_000)
        let fixture = try await CheckoutFixture.make(show: show)
        let order = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId), as: OrderDTO.self)
        let payment = try #require(order.payment)
        #expect(payment.gatewayUrl == "http://127.0.0.1:\(port)")
        let checkout = try await APIClient(host: "127.0.0.1", port: port).post(
            "/v1/sandbox/checkout",
            body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId, amount: payment.amount,
                                         card: .init(number: "4242 4242 4242 4242", expiry: "12/30")),
            as: SandboxCheckoutResponse.self)
        _ = try await fixture.buyer.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: checkout.paymentKey),
                                         as: OrderStatusDTO.self)
        #expect(try await fixture.waitForFinal(order.orderId).status == "paid")
        await server.stop()

        // The charge, through the gateway's own API.
        let before = try await Self.gateway(sandbox).payment(orderId: order.orderId)
        #expect(before?.status == .done && before?.totalAmount == order.total)
        let window = (from: Date().addingTimeInterval(-3_600), through: Date().addingTimeInterval(3_600))
        let approvals = try await Self.gateway(sandbox).transactions(from: window.from, through: window.through,
                                                                    startingAfter: nil, limit: 100)
        #expect(approvals.filter { $0.orderId == order.orderId }.map(\.amount) == [order.total])

        // A direct charge under a known idempotency key, to replay after the restart.
        let direct = "direct-" + UUID().uuidString.prefix(8).lowercased()
        let directCheckout = try await APIClient(host: "127.0.0.1", port: port).post(
            "/v1/sandbox/checkout",
            body: SandboxCheckoutRequest(clientKey: Self.options.clientKey, orderId: direct, amount: 12_000,
                                         card: .init(number: "4242 4242 4242 4242", expiry: "12/30")),
            as: SandboxCheckoutResponse.self)
        let first = try await Self.gateway(sandbox).confirm(paymentKey: directCheckout.paymentKey, orderId: direct,
                                                            amount: 12_000, idempotencyKey: "key-\(direct)")

        #expect(await sandbox.stop() == 0, "the sandbox exits cleanly on SIGTERM")
        sandbox = try await Self.launch(data)

        let after = try await Self.gateway(sandbox).payment(orderId: order.orderId)
        #expect(after == before, "the restarted sandbox has the node's charge")
        let again = try await Self.gateway(sandbox).transactions(from: window.from, through: window.through,
                                                                startingAfter: nil, limit: 100)
        #expect(again.filter { $0.orderId == order.orderId }.map(\.amount) == [order.total])
        let replayed = try await Self.gateway(sandbox).confirm(paymentKey: directCheckout.paymentKey, orderId: direct,
                                                               amount: 12_000, idempotencyKey: "key-\(direct)")
        #expect(replayed == first, "the same key replays the same answer after a restart")
        let charges = try await APIClient(host: "127.0.0.1", port: sandbox.port)
            .get("/v1/sandbox/charges?orderId=\(direct)", as: SandboxCharges.self).charges
        #expect(charges.count == 1, "the replay charged nothing more")
        await sandbox.stop()
        sandboxRunning = false
    }

    @Test func badOptionsAreRefusedWithAClearMessage() async throws {
        for (arguments, message) in [(["sandbox", "--data", "/tmp/x", "--port", "70000"], "--port must be a whole number"),
                                     (["sandbox", "--port", "0"], "Missing expected argument '--data <data>'"),
                                     (["sandbox", "--data", "/etc/hostname"], "is a file, not a directory")] {
            let (status, output) = try await Self.run(arguments)
            #expect(status != 0, "\(arguments)")
            #expect(output.contains(message), "\(arguments): \(output)")
        }
        let (status, help) = try await Self.run(["sandbox", "--help"])
        #expect(status == 0 && help.contains("--payment-gateway") && help.contains("--data <data>"))
    }

    /// Runs `qticketd ARGS` to its end; returns the exit status and stdout + stderr.
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = ChildServer.binary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let (ended, end) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { end.yield($0.terminationStatus); end.finish() }
        try process.run()
        let text = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
        }
        for await status in ended { return (status, text) }
        return (-1, text)
    }
}
