import Foundation

extension SandboxLedger {
    /// How a confirm that passed validation ends, decided without suspending.
    private enum Decision {
        case answer(SandboxReply)
        /// Charge after `delay`; `drop` loses the response.
        case charge(delay: Duration, drop: Bool)
    }

    /// `POST /v1/payments/confirm`. Charges a payment at most once, and an order at most once,
    /// however many confirms race: they queue behind the running one and then see its result.
    func confirm(_ request: ConfirmRequest, idempotencyKey: String?, links: PaymentLinks) async -> SandboxReply {
        if faults.failNextConfirms > 0 {
            faults.failNextConfirms -= 1
            return .error(.internalFailure)
        }
        let scope = idempotencyKey.map { "POST /v1/payments/confirm \($0)" }
        let fingerprint = request.fingerprint
        while true {
            if let scope, let stored = replies[scope] {
                return stored.fingerprint == fingerprint ? stored.reply : .error(.idempotencyKeyReused)
            }
            if let scope, let joined = running[scope] {
                guard joined.fingerprint == fingerprint else { return .error(.idempotencyKeyReused) }
                var reply = await joined.task.value
                reply.replayed = true
                return reply
            }
            guard let busy = inFlight[request.orderId] else { break }
            _ = await busy.value
        }

        switch decide(request) {
        case .answer(let reply):
            remember(reply, scope: scope, fingerprint: fingerprint)
            return reply
        case .charge(let delay, let drop):
            let task = Task {
                await self.charge(request, after: delay, drop: drop, scope: scope, fingerprint: fingerprint,
                                  links: links)
            }
            inFlight[request.orderId] = task
            if let scope { running[scope] = (fingerprint, task) }
            return await task.value
        }
    }

    private func decide(_ request: ConfirmRequest) -> Decision {
        guard var payment = payments[request.paymentKey] else { return .answer(.error(.notFoundPayment)) }
        let drop = payment.behaviour == .lostResponse
        func answer(_ error: TossError) -> Decision {
            var reply = SandboxReply.error(error)
            reply.dropConnection = drop
            return .answer(reply)
        }
        guard payment.orderId == request.orderId else {
            return answer(.invalidRequest("orderId does not match the payment."))
        }
        guard payment.amount == request.amount else {
            return answer(.invalidRequest("amount does not match the amount authenticated at checkout."))
        }
        guard payment.status == .inProgress else { return answer(.alreadyProcessed) }
        let orderCharged = payments(forOrder: request.orderId).contains {
            $0.paymentKey != payment.paymentKey && $0.approvedAt != nil
        }
        guard !orderCharged else { return answer(.alreadyProcessed) }

        payment.confirmAttempts += 1
        switch payment.behaviour {
        case .decline, .insufficientFunds:
            let error: TossError = payment.behaviour == .decline ? .rejectCard : .insufficientFunds
            payment.status = .aborted
            payment.failure = .init(code: error.code, message: error.message)
            do { try save(payment) } catch { return answer(.internalFailure) }
            return answer(error)
        case .failFirstAttempts where payment.confirmAttempts <= options.failingAttempts:
            do { try save(payment) } catch { return answer(.internalFailure) }
            return answer(.internalFailure)
        case .timeout:
            return .charge(delay: options.timeoutHold, drop: drop)
        case .slow:
            return .charge(delay: options.slowDelay, drop: drop)
        case .approve, .failFirstAttempts, .lostResponse:
            return .charge(delay: .zero, drop: drop)
        }
    }

    /// Runs in its own task, so a caller that hangs up (or a server request timeout) cannot stop
    /// a charge half-way: like a real acquirer, the sandbox finishes what it started.
    private func charge(_ request: ConfirmRequest, after delay: Duration, drop: Bool,
                        scope: String?, fingerprint: String, links: PaymentLinks) async -> SandboxReply {
        if delay > .zero { try? await sleep(delay) }
        defer {
            inFlight[request.orderId] = nil
            if let scope { running[scope] = nil }
        }
        guard var payment = payments[request.paymentKey], payment.status == .inProgress else {
            return .error(.alreadyProcessed)
        }
        payment.status = .done
        payment.approvedAt = now()
        payment.lastTransactionKey = makeKey()
        payment.approvalTransactionKey = payment.lastTransactionKey
        do {
            try save(payment)
        } catch {
            return .error(.internalFailure)
        }
        var reply = paymentReply(payment, links: links)
        reply.dropConnection = drop
        remember(reply, scope: scope, fingerprint: fingerprint)
        return reply
    }
}
