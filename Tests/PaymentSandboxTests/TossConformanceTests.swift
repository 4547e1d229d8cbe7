import Foundation
import PaymentSandbox
import Testing
import TicketingServer

/// Every answer the sandbox gives, decoded by a client written from Toss' documentation.
@Suite("Sandbox answers as Toss documents them")
struct TossConformanceTests {
    static let basic = "Basic " + Data("\(SandboxHarness.secretKey):".utf8).base64EncodedString()

    private func strict(_ sandbox: SandboxHarness, _ method: String, _ path: String, json: [String: Any]? = nil,
                        idempotencyKey: String? = nil, expect status: Int = 200,
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> StrictPayment {
        var headers = ["Authorization": Self.basic]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        let response = try await sandbox.raw(method, path, json: json, headers: headers)
        #expect(response.status == status, "\(String(decoding: response.body, as: UTF8.self))", sourceLocation: sourceLocation)
        let payment = try JSONDecoder().decode(StrictPayment.self, from: response.body)
        #expect(payment.version == "2022-11-16", sourceLocation: sourceLocation)
        #expect(payment.receipt?.url.hasPrefix("http://127.0.0.1:\(sandbox.port)/") == true, sourceLocation: sourceLocation)
        #expect(payment.checkout?.url.hasPrefix("http://127.0.0.1:\(sandbox.port)/") == true, sourceLocation: sourceLocation)
        #expect(payment.isPartialCancelable, sourceLocation: sourceLocation)
        if let card = payment.card {
            #expect(card.number.range(of: #"^\d{8}\*{4}\d{3}\*$"#, options: .regularExpression) != nil, "\(card.number)",
                    sourceLocation: sourceLocation)
            #expect(card.approveNo.range(of: #"^\d{8}$"#, options: .regularExpression) != nil, "\(card.approveNo)",
                    sourceLocation: sourceLocation)
        }
        return payment
    }

    @Test func doneLookupsReplaysCancelsAndPartialCancelsDecodeStrictly() async throws {
        try await withSandbox(prefix: "/gw") { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 30_000, card: Card.approve)
            let inProgress = try await strict(sandbox, "GET", "/v1/payments/\(key)")
            #expect(inProgress.status == .IN_PROGRESS && inProgress.approvedAt == nil && inProgress.lastTransactionKey == nil)

            let body: [String: Any] = ["paymentKey": key, "orderId": orderId, "amount": 30_000]
            let done = try await strict(sandbox, "POST", "/v1/payments/confirm", json: body, idempotencyKey: "c1")
            #expect(done.status == .DONE && done.approvedAt?.date == SandboxHarness.now)
            #expect(done.card?.number == "42424242****424*" && done.card?.interestPayer == nil)
            #expect(done.cancels == nil && done.failure == nil && done.secret == nil)
            let replay = try await strict(sandbox, "POST", "/v1/payments/confirm", json: body, idempotencyKey: "c1")
            #expect(replay.card?.approveNo == done.card?.approveNo)
            let byKey = try await strict(sandbox, "GET", "/v1/payments/\(key)")
            #expect(byKey.card?.approveNo == done.card?.approveNo && byKey.lastTransactionKey == done.lastTransactionKey)
            _ = try await strict(sandbox, "GET", "/v1/payments/orders/\(orderId)")

            let partial = try await strict(sandbox, "POST", "/v1/payments/\(key)/cancel",
                                           json: ["cancelReason": "one seat returned", "cancelAmount": 10_000])
            #expect(partial.status == .PARTIAL_CANCELED && partial.balanceAmount == 20_000 && partial.totalAmount == 30_000)
            #expect(partial.cancels?.map(\.cancelAmount) == [10_000] && partial.cancels?.first?.refundableAmount == 20_000)
            #expect(partial.cancels?.first?.easyPayDiscountAmount == 0 && partial.cancels?.first?.receiptKey == nil)
            #expect(partial.lastTransactionKey == partial.cancels?.first?.transactionKey)
            #expect(partial.suppliedAmount + partial.vat == 20_000)
            _ = try await strict(sandbox, "GET", "/v1/payments/orders/\(orderId)")

            let rest = try await strict(sandbox, "POST", "/v1/payments/\(key)/cancel", json: ["cancelReason": "the rest"])
            #expect(rest.status == .CANCELED && rest.balanceAmount == 0)
            #expect(rest.cancels?.map(\.cancelAmount) == [10_000, 20_000] && rest.cancels?.last?.refundableAmount == 0)
            #expect(rest.card?.acquireStatus == "CANCELED")
            _ = try await strict(sandbox, "GET", "/v1/payments/\(key)")
        }
    }

    @Test func abortedPaymentsCarryNullApprovalAndTheirFailure() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 5_000, card: Card.decline)
            let declined = try await sandbox.raw("POST", "/v1/payments/confirm",
                                                 json: ["paymentKey": key, "orderId": orderId, "amount": 5_000],
                                                 headers: ["Authorization": Self.basic])
            #expect(declined.status == 403)
            let aborted = try await strict(sandbox, "GET", "/v1/payments/orders/\(orderId)")
            #expect(aborted.status == .ABORTED && aborted.approvedAt == nil)
            #expect(aborted.failure?.code == "REJECT_CARD_PAYMENT")
            #expect(aborted.card?.approveNo == "00000000")
            // The raw body carries the key with a null value, not a missing key.
            let raw = try await sandbox.raw("GET", "/v1/payments/\(key)", headers: ["Authorization": Self.basic])
            let object = try #require(try JSONSerialization.jsonObject(with: raw.body) as? [String: Any])
            #expect(object["approvedAt"] is NSNull && object["virtualAccount"] is NSNull && object["metadata"] is NSNull)
        }
    }

    @Test(arguments: ["basic", "BASIC", "Basic", "bAsIc"])
    func authorizationSchemeIsCaseInsensitive(scheme: String) async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 1_000, card: Card.approve)
            let credentials = Data("\(SandboxHarness.secretKey):".utf8).base64EncodedString()
            let response = try await sandbox.raw("GET", "/v1/payments/\(key)", headers: ["Authorization": "\(scheme) \(credentials)"])
            #expect(response.status == 200)
            let bearer = try await sandbox.raw("GET", "/v1/payments/\(key)", headers: ["Authorization": "Bearer \(credentials)"])
            #expect(bearer.status == 401)
        }
    }

    @Test func partialCancelsRefundNoMoreThanTheBalance() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 9_000, card: Card.approve)
            _ = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 9_000, idempotencyKey: "c")
            let partial = try await gateway.cancel(paymentKey: key, amount: 4_000, reason: "part", idempotencyKey: "p1")
            #expect(partial.status == .partialCanceled && partial.balanceAmount == 5_000 && partial.isCharged)
            #expect(try await gateway.cancel(paymentKey: key, amount: 4_000, reason: "part", idempotencyKey: "p1") == partial)
            let tooMuch = await gatewayError {
                try await gateway.cancel(paymentKey: key, amount: 5_001, reason: "too much", idempotencyKey: "p2")
            }
            #expect(tooMuch?.declinedCode == "NOT_CANCELABLE_AMOUNT")
            let zero = await gatewayError { try await gateway.cancel(paymentKey: key, amount: 0, reason: "z", idempotencyKey: "p3") }
            #expect(zero?.declinedCode == "INVALID_REQUEST")
            #expect(try await sandbox.charges(orderId: orderId).map(\.status) == [.partiallyRefunded])
            let rest = try await gateway.cancel(paymentKey: key, amount: 5_000, reason: "rest", idempotencyKey: "p4")
            #expect(rest.status == .canceled && rest.balanceAmount == 0 && rest.cancels.map(\.amount) == [4_000, 5_000])
            #expect(try await sandbox.charges(orderId: orderId).map(\.status) == [.refunded])
            let again = await gatewayError { try await gateway.cancel(paymentKey: key, amount: 1, reason: "x", idempotencyKey: "p5") }
            #expect(again?.declinedCode == "ALREADY_CANCELED_PAYMENT")
        }
    }
}
