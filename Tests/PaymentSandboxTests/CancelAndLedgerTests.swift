import Foundation
import PaymentSandbox
import Testing
import TicketingServer

@Suite("Sandbox refunds and the persistent ledger")
struct CancelAndLedgerTests {
    @Test func cancelRefundsInFullOnceHoweverOftenItIsAsked() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 66_000, card: Card.approve)
            _ = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 66_000, idempotencyKey: "c")
            let canceled = try await gateway.cancel(paymentKey: key, reason: "buyer cancelled", idempotencyKey: "refund-1")
            #expect(canceled.status == .canceled && canceled.balanceAmount == 0)
            #expect(canceled.cancels.map(\.amount) == [66_000])
            #expect(canceled.cancels.first?.reason == "buyer cancelled")
            #expect(try await gateway.cancel(paymentKey: key, reason: "buyer cancelled", idempotencyKey: "refund-1") == canceled)
            // Another key finds the refund already done and reports it rather than failing.
            let again = try await gateway.cancel(paymentKey: key, reason: "retry", idempotencyKey: "refund-2")
            #expect(again.status == .canceled && again.cancels.count == 1)
            #expect(try await sandbox.charges(orderId: orderId)
                == [SandboxCharge(paymentKey: key, orderId: orderId, amount: 66_000, status: .refunded)])
            #expect(try await gateway.payment(orderId: orderId)?.status == .canceled)
        }
    }

    @Test func paymentsThatWereNeverChargedCannotBeCancelled() async throws {
        try await withSandbox { sandbox in
            let gateway = try sandbox.gateway()
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 4_000, card: Card.approve)
            let error = await gatewayError { try await gateway.cancel(paymentKey: key, reason: "x", idempotencyKey: "r") }
            #expect(error?.declinedCode == "NOT_CANCELABLE_PAYMENT")
            let missing = await gatewayError { try await gateway.cancel(paymentKey: "missing", reason: "x", idempotencyKey: "r2") }
            #expect(missing?.declinedCode == "NOT_FOUND_PAYMENT")
        }
    }

    @Test func restartKeepsChargesRefundsAndIdempotentReplies() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let paidOrder = newOrderId()
        let refundedOrder = newOrderId()
        let first = try await SandboxHarness.start(directory: directory)
        let gateway = try first.gateway()
        let paidKey = try await first.checkout(orderId: paidOrder, amount: 10_000, card: Card.approve)
        let paid = try await gateway.confirm(paymentKey: paidKey, orderId: paidOrder, amount: 10_000, idempotencyKey: "p")
        let refundKey = try await first.checkout(orderId: refundedOrder, amount: 20_000, card: Card.approve)
        _ = try await gateway.confirm(paymentKey: refundKey, orderId: refundedOrder, amount: 20_000, idempotencyKey: "q")
        _ = try await gateway.cancel(paymentKey: refundKey, reason: "r", idempotencyKey: "refund")
        await first.stop()

        let second = try await SandboxHarness.start(directory: directory)
        defer { Task { await second.stop() } }
        let restarted = try second.gateway()
        #expect(try await second.charges(orderId: paidOrder) == [SandboxCharge(paymentKey: paidKey, orderId: paidOrder, amount: 10_000, status: .charged)])
        #expect(try await second.charges(orderId: refundedOrder).map(\.status) == [.refunded])
        #expect(try await restarted.confirm(paymentKey: paidKey, orderId: paidOrder, amount: 10_000, idempotencyKey: "p") == paid)
        let duplicate = await gatewayError {
            try await restarted.confirm(paymentKey: paidKey, orderId: paidOrder, amount: 10_000, idempotencyKey: "new")
        }
        #expect(duplicate?.code == "ALREADY_PROCESSED_PAYMENT")
        await #expect(throws: HarnessError.self) {
            try await second.checkout(orderId: paidOrder, amount: 10_000, card: Card.approve)
        }
        #expect(try await second.charges(orderId: paidOrder).count == 1)
    }

    @Test func aTornLastLineIsIgnoredButCorruptionElsewhereIsNot() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let orderId = newOrderId()
        let harness = try await SandboxHarness.start(directory: directory)
        let key = try await harness.checkout(orderId: orderId, amount: 10_000, card: Card.approve)
        _ = try await harness.gateway().confirm(paymentKey: key, orderId: orderId, amount: 10_000, idempotencyKey: "p")
        await harness.stop()

        let file = directory.appendingPathComponent("payment-sandbox.jsonl")
        let intact = try Data(contentsOf: file)
        try (intact + Data(#"{"payment":{"paym"#.utf8)).write(to: file)
        let reopened = try PaymentSandbox(directory: directory, options: SandboxHarness.options)
        #expect(await reopened.charges(orderId: orderId).count == 1)

        try (Data("garbage\n".utf8) + intact).write(to: file)
        #expect(throws: DecodingError.self) { try PaymentSandbox(directory: directory, options: SandboxHarness.options) }
    }
}
