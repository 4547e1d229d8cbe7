import Foundation

extension SandboxLedger {
    /// `POST /v1/payments/{paymentKey}/cancel`: refunds `cancelAmount`, or the whole balance
    /// without it. A repeat with the same idempotency key replays the first answer; without one a
    /// cancel of a fully cancelled payment is refused with `ALREADY_CANCELED_PAYMENT`, as Toss
    /// does, and nothing is ever refunded beyond the balance.
    func cancel(paymentKey: String, _ request: CancelRequest, idempotencyKey: String?,
                links: PaymentLinks) -> SandboxReply {
        let scope = idempotencyKey.map { "POST /v1/payments/\(paymentKey)/cancel \($0)" }
        let fingerprint = request.fingerprint(paymentKey: paymentKey)
        if let scope, let stored = replies[scope] {
            return stored.fingerprint == fingerprint ? stored.reply : .error(.idempotencyKeyReused)
        }
        let reply = decideCancel(paymentKey: paymentKey, request, links: links)
        remember(reply, scope: scope, fingerprint: fingerprint)
        return reply
    }

    private func decideCancel(paymentKey: String, _ request: CancelRequest, links: PaymentLinks) -> SandboxReply {
        guard var payment = payments[paymentKey] else { return .error(.notFoundPayment) }
        guard !request.cancelReason.trimmingCharacters(in: .whitespaces).isEmpty,
              request.cancelReason.count <= 200 else {
            return .error(.invalidRequest("cancelReason is required (at most 200 characters)."))
        }
        switch payment.status {
        case .canceled: return .error(.alreadyCanceled)
        case .inProgress, .aborted: return .error(.notCancelable)
        case .done, .partialCanceled: break
        }
        let amount = request.cancelAmount ?? payment.balanceAmount
        guard amount > 0 else { return .error(.invalidRequest("cancelAmount must be positive.")) }
        guard amount <= payment.balanceAmount else { return .error(.notCancelableAmount) }
        payment.cancels.append(.init(amount: amount, reason: request.cancelReason,
                                     canceledAt: now(), transactionKey: makeKey()))
        payment.status = payment.balanceAmount == 0 ? .canceled : .partialCanceled
        payment.lastTransactionKey = payment.cancels.last?.transactionKey
        do {
            try save(payment)
        } catch {
            return .error(.internalFailure)
        }
        return paymentReply(payment, links: links)
    }
}
