import Foundation
import PaymentSandbox
import Testing
import TicketingServer

@Suite("Sandbox confirm over HTTP")
struct ConfirmTests {
    @Test func approvedCardIsChargedOnceAndReportedLikeToss() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 15_000, card: Card.approve)
            let payment = try await sandbox.gateway().confirm(paymentKey: key, orderId: orderId, amount: 15_000,
                                                              idempotencyKey: "confirm-\(orderId)")
            #expect(payment.paymentKey == key)
            #expect(payment.orderId == orderId)
            #expect(payment.status == .done)
            #expect(payment.totalAmount == 15_000 && payment.balanceAmount == 15_000)
            #expect(payment.method == "카드")
            #expect(payment.approvedAt == SandboxHarness.now)
            #expect(payment.isCharged)
            #expect(try await sandbox.charges(orderId: orderId)
                == [SandboxCharge(paymentKey: key, orderId: orderId, amount: 15_000, status: .charged)])
        }
    }

    @Test func paymentJSONHasTossFieldsAndKoreanTimes() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 15_000, card: Card.approve)
            let response = try await sandbox.raw("POST", "/v1/payments/confirm",
                                                 json: ["paymentKey": key, "orderId": orderId, "amount": 15_000],
                                                 headers: ["Authorization": "Basic " + Data("\(SandboxHarness.secretKey):".utf8).base64EncodedString()])
            #expect(response.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
            #expect(json["version"] as? String == "2022-11-16")
            #expect(json["status"] as? String == "DONE")
            #expect(json["currency"] as? String == "KRW")
            #expect(json["suppliedAmount"] as? Int == 13_636 && json["vat"] as? Int == 1_364)
            #expect(json["approvedAt"] as? String == "2026-05-15T12:00:00+09:00")
            let card = try #require(json["card"] as? [String: Any])
            #expect(card["number"] as? String == "42424242****424*")
            for field in ["mId", "lastTransactionKey", "orderName", "requestedAt", "method", "type", "totalAmount", "balanceAmount"] {
                #expect(json[field] != nil, "missing \(field)")
            }
        }
    }

    @Test func declinedCardsFailForGoodAndChargeNothing() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            for (card, message) in [(Card.decline, "declined"), (Card.insufficientFunds, "insufficient")] {
                let orderId = newOrderId()
                let key = try await sandbox.checkout(orderId: orderId, amount: 5_000, card: card)
                let error = await gatewayError {
                    try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 5_000, idempotencyKey: "k-\(orderId)")
                }
                #expect(error?.declinedCode == "REJECT_CARD_PAYMENT")
                if case .declined(_, let text) = error { #expect(text.contains(message)) }
                let queried = try #require(try await gateway.payment(orderId: orderId))
                #expect(queried.status == .aborted)
                #expect(queried.failureCode == "REJECT_CARD_PAYMENT")
                #expect(try await sandbox.charges(orderId: orderId).isEmpty)
            }
        }
    }

    @Test func sameKeyAndBodyReplaysWhileAnotherBodyIsRefused() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 30_000, card: Card.approve)
            let first = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 30_000, idempotencyKey: "same")
            let again = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 30_000, idempotencyKey: "same")
            #expect(again == first)
            let reused = await gatewayError {
                try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 29_000, idempotencyKey: "same")
            }
            #expect(reused?.declinedCode == "IDEMPOTENCY_KEY_REUSED")
            // A new key on a charged payment cannot tell "my charge" from "someone's": unknown.
            let fresh = await gatewayError {
                try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 30_000, idempotencyKey: "other")
            }
            #expect(fresh?.isUnknown == true)
            #expect(fresh?.code == "ALREADY_PROCESSED_PAYMENT")
            #expect(try await sandbox.charges(orderId: orderId).count == 1)
        }
    }

    @Test func amountDifferentFromCheckoutIsRefusedAndTheRightAmountStillWorks() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 12_000, card: Card.approve)
            let error = await gatewayError {
                try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 1_200, idempotencyKey: "a")
            }
            #expect(error?.declinedCode == "INVALID_REQUEST")
            #expect(try await sandbox.charges(orderId: orderId).isEmpty)
            let paid = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 12_000, idempotencyKey: "b")
            #expect(paid.status == .done && paid.totalAmount == 12_000)
        }
    }

    @Test func wrongSecretKeyIsRefused() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 1_000, card: Card.approve)
            let error = await gatewayError {
                try await sandbox.gateway(secretKey: "test_sk_wrong")
                    .confirm(paymentKey: key, orderId: orderId, amount: 1_000, idempotencyKey: "k")
            }
            #expect(error?.declinedCode == "UNAUTHORIZED_KEY")
            #expect(try await sandbox.charges(orderId: orderId).isEmpty)
        }
    }

    @Test func unknownOrderHasNoPayment() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            #expect(try await gateway.payment(orderId: newOrderId()) == nil)
            #expect(try await gateway.payment(paymentKey: "nope") == nil)
        }
    }
}
