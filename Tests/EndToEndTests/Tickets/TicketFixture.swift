import Foundation
import RouteTesting
import Testing
import TicketingClient
import TicketingProtocol

/// A paid order of `seats` seats, its buyer's tickets and a door account of the seller.
struct TicketFixture {
    let checkout: CheckoutFixture
    let order: OrderDTO
    let tickets: [TicketDTO]

    var show: ShowFixture { checkout.show }
    var server: TestServer { checkout.show.server }

    static func make(seats: Int = 2, show: ShowFixture? = nil) async throws -> TicketFixture {
        let checkout = try await CheckoutFixture.make(seats: seats, show: show)
        let (order, final) = try await checkout.orderAndPay(card: "4242424242424242")
        #expect(final.status == "paid")
        let tickets = try await checkout.buyer.myTickets().tickets.filter { $0.orderId == order.orderId }
        return TicketFixture(checkout: checkout, order: order, tickets: tickets.sorted { $0.seatId < $1.seatId })
    }

    /// A fresh door account of this show's seller, logged in.
    func door(_ name: String = "Gate") async throws -> APIClient {
        let email = "door-\(UUID().uuidString)@example.com"
        _ = try await show.seller.createDoorAccount(CreateDoorAccountRequest(email: email, password: "door password",
                                                                             name: name))
        let api = server.client()
        _ = try await api.login(LoginRequest(email: email, password: "door password"))
        return api
    }

    /// A well-formed code for `performanceId` whose signature is zeros: enough to reach the
    /// door's ownership check, never to enter.
    static func unsignedCode(performanceId: String) -> String {
        unsignedTicketCode(performanceId: performanceId)
    }

    /// The API error a call threw (fails the test when it did not throw one).
    static func failure(_ call: () async throws -> some Any) async -> APIError? {
        do {
            _ = try await call()
            Issue.record("expected an API error")
            return nil
        } catch let error as APIError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}

/// Verifies codes with Python's `cryptography` (OpenSSL underneath, but not our code path):
/// prints one line per code, "ok <json payload>" or "bad".
enum PythonVerifier {
    static let script = """
        import base64, json, sys
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.exceptions import InvalidSignature
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(sys.argv[1]))
        def unb64(s):
            return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
        for code in sys.argv[2:]:
            prefix, payload, signature = code.split(".")
            assert "=" not in payload and "=" not in signature
            try:
                key.verify(unb64(signature), (prefix + "." + payload).encode("ascii"))
                print("ok " + json.dumps(json.loads(unb64(payload)), sort_keys=True, separators=(",", ":")))
            except InvalidSignature:
                print("bad")
        """

    static func verify(publicKey: String, codes: [String]) throws -> [String] {
        let process = Process()
        // Debian's interpreter: .ci/deps installs python3-cryptography for it, whatever python3
        // comes first on PATH.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, publicKey] + codes
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
