import Foundation
import PaymentSandbox
import Testing
import TicketingServer

@Suite("Sandbox under concurrent duplicate confirms")
struct ConcurrencyTests {
    /// Many clients confirm the same payment at once, some retrying under one idempotency key,
    /// some under their own: the card is charged once, every success reports that one charge and
    /// every other caller is told to query.
    @Test func racingConfirmsOfOnePaymentChargeOnce() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: 50_000, card: Card.slow)
            let outcomes = try await withThrowingTaskGroup(of: Result<GatewayPayment, PaymentGatewayError>.self) { group in
                for index in 0..<16 {
                    let gateway = try sandbox.gateway()
                    group.addTask {
                        do {
                            return .success(try await gateway.confirm(
                                paymentKey: key, orderId: orderId, amount: 50_000,
                                idempotencyKey: index.isMultiple(of: 2) ? "shared" : "own-\(index)"))
                        } catch let error as PaymentGatewayError {
                            return .failure(error)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let successes = outcomes.compactMap { try? $0.get() }
            // On a starved machine a caller may time out (`.unknown`) instead of hearing the
            // answer; like the payment worker, it then learns the outcome by querying.
            let timedOut = outcomes.contains { if case .failure(.unknown) = $0 { true } else { false } }
            #expect(!successes.isEmpty || timedOut)
            #expect(successes.allSatisfy { $0.status == .done })
            for case .failure(let error) in outcomes {
                if case .unknown = error { continue }
                #expect(error.code == "ALREADY_PROCESSED_PAYMENT")
            }
            let query = try sandbox.gateway(timeout: 30)
            var payment = try await query.payment(orderId: orderId)
            let deadline = ContinuousClock.now + .seconds(30)
            while payment?.status != .done, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                payment = try await query.payment(orderId: orderId)
            }
            #expect(payment?.status == .done)
            #expect(try await sandbox.charges(orderId: orderId).count == 1)
        }
    }

    /// Two payment windows for one order (a double-clicked checkout) confirmed together: only
    /// one of them may take money. The control confirms two different orders the same way and
    /// sees two charges, so the counting would notice a second charge.
    @Test func twoPaymentsOfOneOrderNeverBothCharge() async throws {
        try await withSandbox { sandbox in
            let orderId = newOrderId()
            let first = try await sandbox.checkout(orderId: orderId, amount: 9_000, card: Card.slow)
            let second = try await sandbox.checkout(orderId: orderId, amount: 9_000, card: Card.approve)
            let results = try await confirmTogether(sandbox, [(first, orderId), (second, orderId)])
            #expect(results.filter { $0 }.count == 1)
            #expect(try await sandbox.charges(orderId: orderId).count == 1)

            let control = (newOrderId(), newOrderId())
            let keys = (try await sandbox.checkout(orderId: control.0, amount: 9_000, card: Card.slow),
                        try await sandbox.checkout(orderId: control.1, amount: 9_000, card: Card.approve))
            let controlResults = try await confirmTogether(sandbox, [(keys.0, control.0), (keys.1, control.1)])
            #expect(controlResults == [true, true])
            #expect(try await sandbox.charges(orderId: control.0).count + sandbox.charges(orderId: control.1).count == 2)
        }
    }

    private func confirmTogether(_ sandbox: SandboxHarness, _ payments: [(key: String, orderId: String)]) async throws -> [Bool] {
        try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for (index, payment) in payments.enumerated() {
                let gateway = try sandbox.gateway()
                group.addTask {
                    let paid = try? await gateway.confirm(paymentKey: payment.key, orderId: payment.orderId,
                                                          amount: 9_000, idempotencyKey: "confirm-\(payment.key)")
                    return (index, paid?.status == .done)
                }
            }
            var results = [Bool](repeating: false, count: payments.count)
            for try await (index, paid) in group { results[index] = paid }
            return results
        }
    }
}
