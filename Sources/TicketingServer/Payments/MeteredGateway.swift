import Foundation

/// A gateway that reports each call's latency and each confirm's outcome to `/metrics`, and
/// counts the calls that failed on the gateway's side as backend errors.
struct MeteredGateway: PaymentGateway {
    let base: any PaymentGateway
    let metrics: ServerMetrics

    static let backend = "payment_gateway"

    func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws -> GatewayPayment {
        do {
            let payment = try await timed("confirm") {
                try await base.confirm(paymentKey: paymentKey, orderId: orderId, amount: amount, idempotencyKey: idempotencyKey)
            }
            metrics.paymentConfirm(outcome: .approved)
            return payment
        } catch let failure as PaymentGatewayError {
            switch failure {
            case .declined: metrics.paymentConfirm(outcome: .declined)
            case .retryable: metrics.paymentConfirm(outcome: .retryableError)
            case .unknown: metrics.paymentConfirm(outcome: .unknown)
            }
            throw failure
        }
    }

    func payment(orderId: String) async throws -> GatewayPayment? {
        try await timed("query") { try await base.payment(orderId: orderId) }
    }

    func cancel(paymentKey: String, reason: String, idempotencyKey: String) async throws -> GatewayPayment {
        try await timed("cancel") { try await base.cancel(paymentKey: paymentKey, reason: reason, idempotencyKey: idempotencyKey) }
    }

    /// A declined card is the gateway working; no answer, a 5xx or an unknown outcome is not.
    private func timed<T>(_ operation: String, _ call: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        do {
            let result = try await call()
            metrics.gatewayCall(operation, duration: ContinuousClock.now - started)
            return result
        } catch {
            metrics.gatewayCall(operation, duration: ContinuousClock.now - started)
            if case .declined? = error as? PaymentGatewayError {} else { metrics.backendError(backend: Self.backend) }
            throw error
        }
    }
}
