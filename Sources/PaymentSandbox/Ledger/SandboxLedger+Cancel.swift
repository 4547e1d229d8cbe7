import Foundation

extension SandboxLedger {
    /// `POST /v1/payments/{paymentKey}/cancel`: a full refund. A repeat with the same
    /// idempotency key replays the first answer; without one a second cancel is refused with
    /// `ALREADY_CANCELED_PAYMENT`, as Toss does, and nothing is refunded twice.
    func cancel(paymentKey: String, _ request: CancelRequest, idempotencyKey: String?) -> SandboxReply {
        let scope = idempotencyKey.map { "POST /v1/payments/\(paymentKey)/cancel \($0)" }
        let fingerprint = request.fingerprint(paymentKey: paymentKey)
        if let scope, let stored = replies[scope] {
            return stored.fingerprint == fingerprint ? stored.reply : .error(.idempotencyKeyReused)
        }
        let reply = decideCancel(paymentKey: paymentKey, request)
        remember(reply, scope: scope, fingerprint: fingerprint)
        return reply
    }

    private func decideCancel(paymentKey: String, _ request: CancelRequest) -> SandboxReply {
        guard var payment = payments[paymentKey] else { return .error(.notFoundPayment) }
        guard !request.cancelReason.trimmingCharacters(in: .whitespaces).isEmpty,
              request.cancelReason.count <= 200 else {
            return .error(.invalidRequest("cancelReason is required (at most 200 characters)."))
        }
        switch payment.status {
        case .canceled: return .error(.alreadyCanceled)
        case .inProgress, .aborted: return .error(.notCancelable)
        case .done: break
        }
        if let amount = request.cancelAmount, amount != payment.balanceAmount {
            return .error(.invalidRequest("the sandbox refunds in full only: cancelAmount must be \(payment.balanceAmount)."))
        }
        payment.cancels.append(.init(amount: payment.balanceAmount, reason: request.cancelReason,
                                     canceledAt: now(), transactionKey: makeKey()))
        payment.status = .canceled
        payment.lastTransactionKey = payment.cancels.last?.transactionKey
        do {
            try save(payment)
        } catch {
            return .error(.internalFailure)
        }
        return paymentReply(payment)
    }
}
