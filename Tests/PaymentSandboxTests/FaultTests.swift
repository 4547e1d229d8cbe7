import Foundation
import PaymentSandbox
import Testing
import TicketingServer

@Suite("Sandbox faults and how the client classifies them")
struct FaultTests {
    @Test func failingCardAnswers500ThenApprovesUnderTheSameKey() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 7_000, card: Card.failFirst)
            for _ in 0..<SandboxHarness.options.failingAttempts {
                let error = await gatewayError {
                    try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 7_000, idempotencyKey: "retry-me")
                }
                #expect(error?.retryableCode == "FAILED_INTERNAL_SYSTEM_PROCESSING")
                #expect(try await sandbox.charges(orderId: orderId).isEmpty)
            }
            let paid = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 7_000, idempotencyKey: "retry-me")
            #expect(paid.status == .done)
            #expect(try await sandbox.charges(orderId: orderId).count == 1)
        }
    }

    @Test func serverWideFailuresAreSetOverHTTPAndChargeNothing() async throws {
        try await withSandbox { sandbox in
            let set = try await sandbox.raw("POST", "/v1/sandbox/faults", json: ["failNextConfirms": 2])
            #expect(set.status == 200)
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 7_000, card: Card.approve)
            for _ in 0..<2 {
                let error = await gatewayError {
                    try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 7_000, idempotencyKey: "k")
                }
                #expect(error?.retryableCode == "FAILED_INTERNAL_SYSTEM_PROCESSING")
            }
            #expect(try await sandbox.charges(orderId: orderId).isEmpty)
            #expect(try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 7_000, idempotencyKey: "k").status == .done)
        }
    }

    /// The 0408 card holds the confirm past the client's timeout and charges anyway: the
    /// client must say "unknown", and a query after the hold finds exactly one charge.
    @Test func timeoutIsUnknownAndTheQueryFindsTheLateCharge() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway(timeout: 0.3)
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 44_000, card: Card.timeout)
            let error = await gatewayError {
                try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 44_000, idempotencyKey: "slow-1")
            }
            #expect(error?.isUnknown == true)
            // Queries use a patient client: only the confirm is meant to time out, and a loaded
            // machine must not turn a query into a network error.
            let patient = try sandbox.gateway(timeout: 30)
            // Held (not charged yet) or, on a slow machine, already charged late — never anything else.
            let held = try await patient.payment(orderId: orderId)?.status
            #expect(held == .inProgress || held == .done)
            // Under load the 0.3 s client may give up before its confirm even reached the sandbox.
            // Either the late charge shows up, or nothing happened and repeating the confirm under
            // the same key is safe; both must end in exactly one charge.
            var resolved = try #require(try await patient.payment(orderId: orderId))
            let deadline = ContinuousClock.now + .seconds(5)
            while resolved.status != .done, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                resolved = try #require(try await patient.payment(orderId: orderId))
            }
            if resolved.status != .done {
                resolved = try await patient.confirm(paymentKey: key, orderId: orderId, amount: 44_000,
                                                     idempotencyKey: "slow-1")
            }
            #expect(resolved.status == .done && resolved.paymentKey == key)
            #expect(try await sandbox.charges(orderId: orderId)
                == [SandboxCharge(paymentKey: key, orderId: orderId, amount: 44_000, status: .charged)])
            // Retrying under the same key now replays the charge instead of making another.
            #expect(try await patient.confirm(paymentKey: key, orderId: orderId, amount: 44_000, idempotencyKey: "slow-1").status == .done)
            #expect(try await sandbox.charges(orderId: orderId).count == 1)
        }
    }

    @Test func lostResponseIsUnknownAndTheQueryFindsTheCharge() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 21_000, card: Card.lostResponse)
            for _ in 0..<2 {
                let error = await gatewayError {
                    try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 21_000, idempotencyKey: "lost")
                }
                #expect(error?.isUnknown == true)
            }
            let resolved = try #require(try await gateway.payment(orderId: orderId))
            #expect(resolved.status == .done)
            #expect(try await sandbox.charges(orderId: orderId).count == 1)
        }
    }

    @Test func slowCardApprovesWithinTheClientTimeout() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 3_000, card: Card.slow)
            let started = ContinuousClock.now
            let paid = try await sandbox.gateway().confirm(paymentKey: key, orderId: orderId, amount: 3_000, idempotencyKey: "s")
            #expect(paid.status == .done)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    /// While "down", requests lose their connection unprocessed: confirm is unknown, queries
    /// are retryable, nothing is charged; once up, the same key confirms normally.
    @Test func downGatewayDropsRequestsWithoutProcessingThem() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 8_000, card: Card.approve)
            _ = try await sandbox.raw("POST", "/v1/sandbox/faults", json: ["downForSeconds": 600])
            let confirm = await gatewayError {
                try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 8_000, idempotencyKey: "d")
            }
            #expect(confirm?.isUnknown == true)
            let query = await gatewayError { try await gateway.payment(orderId: orderId) }
            #expect(query?.retryableCode == "NETWORK_ERROR")
            #expect(try await sandbox.charges(orderId: orderId).isEmpty)
            _ = try await sandbox.raw("DELETE", "/v1/sandbox/faults")
            #expect(try await gateway.payment(orderId: orderId)?.status == .inProgress)
            #expect(try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 8_000, idempotencyKey: "d").status == .done)
        }
    }

    @Test func delayAllHoldsEveryGatewayRequestButNotTheTools() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 1_000, card: Card.approve)
            let set = try await sandbox.raw("POST", "/v1/sandbox/faults", json: ["delayMilliseconds": 4_000])
            let plan = try JSONSerialization.jsonObject(with: set.body) as? [String: Any]
            #expect(plan?["delayMilliseconds"] as? Int == 4_000 && plan?["failNextConfirms"] as? Int == 0)
            let started = ContinuousClock.now
            let confirm = Task { try await sandbox.gateway(timeout: 30).confirm(paymentKey: key, orderId: orderId,
                                                                                 amount: 1_000, idempotencyKey: "d") }
            // Ordering, not timing: the tool answers while the delayed confirm is still held.
            #expect(try await sandbox.charges(orderId: orderId).isEmpty)
            #expect(try await confirm.value.status == .done)
            #expect(ContinuousClock.now - started >= .milliseconds(4_000))
            #expect(try await sandbox.charges(orderId: orderId).count == 1)
        }
    }

    @Test func refusedConnectionIsRetryable() async throws {
        let harness = try await SandboxHarness.start()
        let gateway = try harness.gateway()
        await harness.stop()
        let error = await gatewayError {
            try await gateway.confirm(paymentKey: "k", orderId: newOrderId(), amount: 1_000, idempotencyKey: "k")
        }
        #expect(error?.retryableCode == "CONNECTION_FAILED")
    }
}
