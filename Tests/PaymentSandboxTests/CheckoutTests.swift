import Foundation
import PaymentSandbox
import Testing
import TicketingServer

@Suite("Sandbox checkout")
struct CheckoutTests {
    @Test(arguments: [
        (["clientKey": "test_ck_wrong"], 401, "UNAUTHORIZED_KEY"),
        (["card": ["number": "4242 4242 4242 424", "expiry": "12/29"]], 400, "INVALID_CARD_NUMBER"),
        (["card": ["number": "4242 4242 4242 4241", "expiry": "12/29"]], 400, "INVALID_CARD_NUMBER"),
        (["card": ["number": "4242 4242 4242 4242", "expiry": "04/26"]], 400, "INVALID_CARD_EXPIRATION"),
        (["orderId": "short"], 400, "INVALID_REQUEST"),
        (["orderId": "has spaces in it"], 400, "INVALID_REQUEST"),
        (["amount": 99], 400, "BELOW_MINIMUM_AMOUNT"),
        (["amount": "1000"], 400, "INVALID_REQUEST"),
    ] as [([String: any Sendable], Int, String)])
    func refusesBadCheckouts(_ change: [String: any Sendable], status: Int, code: String) async throws {
        try await withSandbox { sandbox in
            var body: [String: Any] = [
                "clientKey": SandboxHarness.clientKey, "orderId": newOrderId(), "amount": 1_000,
                "card": ["number": Card.approve, "expiry": "12/29"],
            ]
            body.merge(change) { $1 }
            let response = try await sandbox.raw("POST", "/v1/sandbox/checkout", json: body)
            #expect(response.status == status)
            let error = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            #expect(error?["code"] as? String == code)
            #expect(error?["message"] is String)
        }
    }

    @Test func issuesADistinctPaymentKeyPerCheckout() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let first = try await sandbox.checkout(orderId: orderId, amount: 1_000, card: Card.approve)
            let second = try await sandbox.checkout(orderId: orderId, amount: 1_000, card: "4242-4242-4242-4242")
            #expect(first != second)
            #expect(first.count == 24)
        }
    }

    @Test func unknownPathsAnswerTossShapedNotFound() async throws {
        try await withSandbox { sandbox in
            let response = try await sandbox.raw("GET", "/v1/nothing-here")
            #expect(response.status == 404)
            #expect(String(decoding: response.body, as: UTF8.self).contains("NOT_FOUND"))
        }
    }
}
