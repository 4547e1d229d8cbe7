import Foundation
import Logging
import TicketingDomain
import TicketingNet
import TicketingProtocol
import TicketingStorage

/// Drives every order with a payment in flight to a final state. Confirms carry one idempotency
/// key per order, so a retry or a restart can never charge twice; only retryable failures are
/// retried (capped exponential backoff, full jitter); an unknown outcome is resolved by asking the
/// gateway about the order, never by confirming under a new key or for another amount.
///
/// With several nodes, each runs a worker: an order is driven only under its lease
/// (`PaymentLeases`), so no two nodes confirm or refund the same order at once.
actor PaymentWorker {
    private let storage: any DurableRecords
    /// Where order reads go: `storage`, or a test's failing stand-in.
    private var reads: any OrderReads
    private let leases: any PaymentLeases
    private let metrics: ServerMetrics
    private let hub: any PerformanceStates
    private let relay: OutboxRelay
    private let logger: Logger
    private let clock: WallClock
    private let backoff: Backoff
    private let maxAttempts: Int
    private var gateway: (any PaymentGateway)?
    private var inFlight: Set<String> = []
    private var sweeper: Task<Void, Never>?

    init(storage: any DurableRecords, leases: any PaymentLeases = LocalPaymentLeases(), hub: any PerformanceStates,
         relay: OutboxRelay, logger: Logger, clock: WallClock, backoff: Backoff, metrics: ServerMetrics,
         maxAttempts: Int = 6) {
        self.storage = storage
        reads = RecordReads(records: storage)
        self.leases = leases
        self.metrics = metrics
        self.hub = hub
        self.relay = relay
        self.logger = logger
        self.clock = clock
        self.backoff = backoff
        self.maxAttempts = maxAttempts
    }

    var isConfigured: Bool { gateway != nil }

    /// Connects the gateway and picks up whatever a previous run left in flight (retrying the
    /// reads until they succeed: a paid order must not be forgotten because one read failed).
    func start(gateway: any PaymentGateway, sweepEvery interval: Duration = .seconds(1)) async {
        self.gateway = gateway
        sweeper = Task { [weak self] in
            await self?.retryStuckPayments()
            var rounds = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                rounds += 1
                await self?.cancelExpiredOrders()
                if rounds % 5 == 0 { await self?.retryStuckPayments() }
            }
        }
    }

    /// Test seam: order reads go through `reads` from now on.
    func readOrders(through reads: any OrderReads) {
        self.reads = reads
    }

    func stop() {
        sweeper?.cancel()
        sweeper = nil
    }

    func submit(_ orderId: String) {
        guard inFlight.insert(orderId).inserted else { return }
        // On the loop of the request that paid, as the other tasks a request starts
        // (docs/ARCHITECTURE.md, "Module graph"): its resumptions then wake no pool thread.
        Task(executorPreference: LoopExecutor.current) {
            await self.drive(orderId, key: orderId) { await self.confirm(orderId) }
        }
    }

    func submitRefund(_ orderId: String) {
        guard inFlight.insert("refund:" + orderId).inserted else { return }
        Task(executorPreference: LoopExecutor.current) {
            await self.drive(orderId, key: "refund:" + orderId) { await self.refund(orderId) }
        }
    }

    /// `work` under the order's lease, then `key` is no longer in flight (a method of its own:
    /// a task with an executor preference does not inherit the actor's isolation).
    private func drive(_ orderId: String, key: String, _ work: () async -> Void) async {
        await underLease(orderId, work)
        inFlight.remove(key)
    }

    /// Runs `drive` only while this node holds the order's lease; another node holding it is
    /// driving the order already, and a failed lease read leaves it to the next sweep.
    private func underLease(_ orderId: String, _ drive: () async -> Void) async {
        do {
            guard try await leases.acquire(orderId: orderId) else { return }
        } catch {
            report(error, while: "take payment lease", orderId: orderId, attempt: 0)
            return
        }
        let renewing = renewLease(orderId)
        await drive()
        renewing?.cancel()
        await leases.release(orderId: orderId)
    }

    /// Keeps the order's lease alive while this node drives it. A failed or lost renewal is only
    /// logged: the drive goes on, and the confirm's idempotency key keeps a second driver from
    /// charging twice.
    private func renewLease(_ orderId: String) -> Task<Void, Never>? {
        guard let every = leases.renewEvery else { return nil }
        return Task { [leases] in
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                guard !Task.isCancelled else { return }
                do {
                    if try await !leases.renew(orderId: orderId) { return }
                } catch {
                    self.report(error, while: "renew payment lease", orderId: orderId, attempt: 0)
                }
            }
        }
    }

    // MARK: confirm

    /// The states the gateway's answer moves an order out of, from the one order lifecycle.
    static let awaitingGateway = OrderMachine.sources(of: .gatewayConfirmed)
    static let refundAwaitingGateway = OrderMachine.sources(of: .refundCompleted)

    private func confirm(_ orderId: String) async {
        guard let gateway, let found = await read("order", orderId: orderId, { try await $0.order(id: orderId) }),
              let order = found, let paymentKey = order.paymentKey,
              Self.awaitingGateway.contains(order.status) else { return }
        if order.status == .paymentUnknown {
            await reconcile(order, gateway: gateway)
            return
        }
        for attempt in 0..<maxAttempts {
            do {
                let payment = try await gateway.confirm(paymentKey: paymentKey, orderId: order.id, amount: order.total,
                                                        idempotencyKey: "confirm-\(order.id)")
                await settle(order, with: payment)
                return
            } catch PaymentGatewayError.declined(let code, _) {
                await finishFailed(order, code: code)
                return
            } catch PaymentGatewayError.retryable(let code, _) {
                logger.warning("payment confirm retryable", metadata: ["order.id": "\(order.id)", "error.code": "\(code)",
                                                                        "attempt": "\(attempt + 1)"])
                try? await Task.sleep(for: backoff.delay(attempt: attempt))
            } catch {
                break
            }
        }
        await write("mark payment unknown", orderId: order.id) {
            try await storage.markPaymentUnknown(orderId: order.id, at: clock.now())
        }
        await reconcile(order, gateway: gateway)
    }

    /// Asks the gateway what happened to the order until it can tell (bounded; the sweeper
    /// tries again later for orders that stay unknown). A payment the gateway does not know, or
    /// knows only as authenticated, may never have seen our confirm: repeating the confirm under
    /// the same idempotency key is safe (the gateway replays or joins the first one).
    private func reconcile(_ order: OrderRecord, gateway: any PaymentGateway) async {
        for attempt in 0..<maxAttempts * 2 {
            do {
                if let payment = try await gateway.payment(orderId: order.id), payment.isFinal {
                    await settle(order, with: payment)
                    return
                } else if let paymentKey = order.paymentKey {
                    let payment = try await gateway.confirm(paymentKey: paymentKey, orderId: order.id,
                                                            amount: order.total, idempotencyKey: "confirm-\(order.id)")
                    await settle(order, with: payment)
                    return
                }
            } catch PaymentGatewayError.declined(let code, _) {
                await finishFailed(order, code: code)
                return
            } catch {
                logger.warning("payment reconcile pending", metadata: ["order.id": "\(order.id)", "error.message": "\(error)"])
            }
            try? await Task.sleep(for: backoff.delay(attempt: attempt))
        }
    }

    private func settle(_ order: OrderRecord, with payment: GatewayPayment) async {
        if payment.isCharged && payment.totalAmount == order.total && payment.orderId == order.id {
            await finishPaid(order)
        } else if payment.status == .aborted || payment.status == .expired || payment.status == .canceled {
            await finishFailed(order, code: payment.failureCode ?? "payment_failed")
        } else if payment.isCharged {
            // Charged a different amount: never accept it silently; leave it for an operator.
            logger.critical("gateway charged an unexpected amount", metadata: [
                "order.id": "\(order.id)", "order.total": "\(order.total)", "payment.amount": "\(payment.totalAmount)"])
        }
    }

    private func finishPaid(_ order: OrderRecord) async {
        guard let stored = await write("confirm payment", orderId: order.id, {
            try await storage.confirmPayment(orderId: order.id, at: clock.now())
        }), let paid = stored else { return }
        if let performance = try? await hub.state(for: paid.performanceId) {
            // A failure is logged where it happens; the order's `OrderPaid` event sells it later.
            try? await performance.applyPaid(holdId: paid.holdId, orderId: paid.id, userId: paid.userId)
            await performance.notify(OrderUpdatedPush(orderId: paid.id, status: "paid", failureCode: nil), userId: paid.userId)
        }
        relay.wake()
    }

    private func finishFailed(_ order: OrderRecord, code: String) async {
        guard let stored = await write("fail payment", orderId: order.id, {
            try await storage.failPayment(orderId: order.id, code: code, at: clock.now())
        }), let failed = stored else { return }
        if let performance = try? await hub.state(for: failed.performanceId) {
            await performance.applyFailed(holdId: failed.holdId, orderId: failed.id)
            await performance.notify(OrderUpdatedPush(orderId: failed.id, status: "failed", failureCode: code),
                                     userId: failed.userId)
        }
        relay.wake()
    }

    // MARK: refund

    private func refund(_ orderId: String) async {
        guard let gateway, let found = await read("order", orderId: orderId, { try await $0.order(id: orderId) }),
              let order = found, Self.refundAwaitingGateway.contains(order.status),
              let paymentKey = order.paymentKey else { return }
        for attempt in 0..<maxAttempts {
            do {
                let payment = try await gateway.cancel(paymentKey: paymentKey, reason: "buyer cancelled",
                                                       idempotencyKey: "refund-\(order.id)")
                if payment.status == .canceled { await finishRefund(order) }
                return
            } catch PaymentGatewayError.declined {
                // Already cancelled under another key, or not cancellable: the payment says which.
                if let payment = try? await gateway.payment(orderId: order.id), payment.status == .canceled {
                    await finishRefund(order)
                } else {
                    await write("mark refund failed", orderId: order.id) {
                        try await storage.refundFailed(orderId: order.id, at: clock.now())
                    }
                }
                return
            } catch {
                // Unknown or retryable alike: the same idempotency key makes a repeat safe.
                logger.warning("payment refund pending", metadata: ["order.id": "\(order.id)", "error.message": "\(error)",
                                                                     "attempt": "\(attempt + 1)"])
                try? await Task.sleep(for: backoff.delay(attempt: attempt))
            }
        }
    }

    private func finishRefund(_ order: OrderRecord) async {
        guard let stored = await write("complete refund", orderId: order.id, {
            try await storage.completeRefund(orderId: order.id, at: clock.now())
        }), let refunded = stored else { return }
        if let performance = try? await hub.state(for: refunded.performanceId) {
            await performance.applyRefunded(seatIds: refunded.seatIds)
            await performance.notify(OrderUpdatedPush(orderId: refunded.id, status: "refunded", failureCode: nil),
                                     userId: refunded.userId)
        }
        relay.wake()
    }

    // MARK: sweeping

    /// Unpaid orders expire with their hold; their coupons go back to the buyer.
    func cancelExpiredOrders() async {
        let now = clock.now()
        for order in await read("expired orders", { try await $0.expiredPendingOrders(now: now) }) ?? [] {
            guard let stored = await write("cancel unpaid order", orderId: order.id, {
                try await storage.cancelUnpaid(orderId: order.id, at: clock.now())
            }), let cancelled = stored else { continue }
            if let performance = try? await hub.state(for: cancelled.performanceId) {
                await performance.notify(OrderUpdatedPush(orderId: cancelled.id, status: "cancelled", failureCode: nil),
                                         userId: cancelled.userId)
            }
        }
    }

    /// Orders a previous run or a failed step left in flight: confirmed or queried again.
    private func retryStuckPayments() async {
        for order in await read("orders in flight", { try await $0.orders(status: Self.awaitingGateway) }) ?? [] {
            submit(order.id)
        }
        for order in await read("refunds in flight", { try await $0.orders(status: Self.refundAwaitingGateway) }) ?? [] {
            submitRefund(order.id)
        }
    }

    // MARK: storage failures

    /// A read that must not be lost: retried with backoff until it succeeds, each failure logged
    /// and counted. Nil only when the worker is being stopped.
    private func read<T: Sendable>(_ what: String, orderId: String? = nil,
                                   _ body: (any OrderReads) async throws -> T) async -> T? {
        var attempt = 0
        while !Task.isCancelled {
            do {
                return try await body(reads)
            } catch {
                report(error, while: "read " + what, orderId: orderId, attempt: attempt)
                try? await Task.sleep(for: backoff.delay(attempt: attempt))
                attempt += 1
            }
        }
        return nil
    }

    /// A write whose failure leaves the order in flight, so the sweep drives it again later (a
    /// retry here could race the sweep); logged and counted rather than dropped.
    @discardableResult
    private func write<T: Sendable>(_ what: String, orderId: String, _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            report(error, while: what, orderId: orderId, attempt: 0)
            return nil
        }
    }

    private func report(_ error: any Error, while what: String, orderId: String?, attempt: Int) {
        metrics.backgroundError(worker: "payment_worker")
        var metadata: Logger.Metadata = ["error.message": "\(error)", "event.action": "\(what)", "attempt": "\(attempt + 1)"]
        if let orderId { metadata["order.id"] = "\(orderId)" }
        logger.error("payment worker storage failure; will retry", metadata: metadata)
    }
}
