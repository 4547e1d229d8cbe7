import Foundation

/// The one owner of the sandbox's money: payments, idempotent replies, in-flight confirms and
/// the fault plan. Every rule that must hold under concurrent requests (one charge per payment
/// and per order, one reply per idempotency key) is decided here, between suspension points.
actor SandboxLedger {
    let options: SandboxOptions
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    let makeKey: @Sendable () -> String
    let file: LedgerFile?

    /// Written only by `save` (and at load), which keeps `paymentKeysByOrder` in step.
    private(set) var payments: [String: SandboxPayment]
    /// Payment keys of each order: confirm and checkout look an order's payments up on every
    /// call, and a scan of every payment grew with the day's orders (2% of qticketd's CPU in a
    /// 2,000-buyer rush with the sandbox in process).
    private var paymentKeysByOrder: [String: Set<String>] = [:]
    var replies: [String: StoredReply]
    /// Confirms that are charging (maybe after a delay), by order id: a second confirm for the
    /// same order waits for the first instead of deciding on stale state.
    var inFlight: [String: Task<SandboxReply, Never>] = [:]
    /// The same confirms by idempotency scope, so a retry with the key joins the running one.
    var running: [String: (fingerprint: String, task: Task<SandboxReply, Never>)] = [:]
    var faults = FaultPlan()

    init(options: SandboxOptions, file: LedgerFile?, now: @escaping @Sendable () -> Date,
         sleep: @escaping @Sendable (Duration) async throws -> Void,
         makeKey: @escaping @Sendable () -> String) throws {
        self.options = options
        self.file = file
        self.now = now
        self.sleep = sleep
        self.makeKey = makeKey
        let contents = try file?.load() ?? LedgerFile.Contents()
        payments = contents.payments
        for payment in contents.payments.values { paymentKeysByOrder[payment.orderId, default: []].insert(payment.paymentKey) }
        replies = contents.replies
    }

    // MARK: Checkout

    func checkout(_ request: CheckoutRequest) -> SandboxReply {
        guard request.clientKey == options.clientKey else { return .error(.unauthorizedKey) }
        guard Self.isValidOrderId(request.orderId) else {
            return .error(.invalidRequest("orderId must be 6-64 characters of A-Z, a-z, 0-9, - and _."))
        }
        guard request.amount >= 100 else { return .error(.belowMinimumAmount) }
        let card: (digits: String, behaviour: CardBehaviour)
        do {
            card = try CardCheck.behaviour(forNumber: request.card.number)
            try CardCheck.checkExpiry(request.card.expiry, now: now())
        } catch .number {
            return .error(.invalidCardNumber)
        } catch {
            return .error(.invalidCardExpiration)
        }
        if payments(forOrder: request.orderId).contains(where: { $0.approvedAt != nil }) {
            return .error(.duplicatedOrderId)
        }
        let payment = SandboxPayment(
            paymentKey: makeKey(), orderId: request.orderId, orderName: request.orderName ?? "QueueTicket order",
            amount: request.amount, maskedCard: CardCheck.masked(card.digits), behaviour: card.behaviour,
            status: .inProgress, requestedAt: now())
        do {
            try save(payment)
        } catch {
            return .error(.internalFailure)
        }
        return .json(CheckoutResponse(paymentKey: payment.paymentKey, orderId: payment.orderId,
                                      amount: payment.amount))
    }

    /// Toss' rule for order ids, kept so ids that work here also work against Toss.
    static func isValidOrderId(_ id: String) -> Bool {
        (6...64).contains(id.count) && id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
        }
    }

    // MARK: Queries

    func payment(key: String, links: PaymentLinks) -> SandboxReply {
        guard let payment = payments[key] else { return .error(.notFoundPayment) }
        return paymentReply(payment, links: links)
    }

    /// The payment that speaks for an order: the one that was charged if any, else the newest.
    func payment(orderId: String, links: PaymentLinks) -> SandboxReply {
        let candidates = payments(forOrder: orderId)
        guard let best = candidates.first(where: { $0.approvedAt != nil }) ?? candidates.last else {
            return .error(.notFoundPayment)
        }
        return paymentReply(best, links: links)
    }

    func charges(orderId: String?) -> [SandboxCharge] {
        (orderId.map(payments(forOrder:)) ?? Array(payments.values))
            .sorted { ($0.approvedAt ?? .distantPast, $0.paymentKey) < ($1.approvedAt ?? .distantPast, $1.paymentKey) }
            .compactMap(\.charge)
    }

    /// Resumes once no confirm is charging (the held and slow cards included).
    func waitUntilIdle() async {
        while let task = inFlight.values.first {
            _ = await task.value
        }
    }

    // MARK: Faults

    func faultPlan() -> FaultPlan { faults }

    func setFaults(_ plan: FaultPlan) { faults = plan }

    func update(_ update: FaultUpdate) -> FaultPlan {
        if let count = update.failNextConfirms { faults.failNextConfirms = max(0, count) }
        if let seconds = update.downForSeconds {
            faults.downUntil = seconds > 0 ? now().addingTimeInterval(seconds) : nil
        }
        if let millis = update.delayMilliseconds { faults.delayMilliseconds = max(0, millis) }
        return faults
    }

    func isDown() -> Bool {
        guard let until = faults.downUntil else { return false }
        return now() < until
    }

    // MARK: Helpers shared by confirm and cancel

    func payments(forOrder orderId: String) -> [SandboxPayment] {
        (paymentKeysByOrder[orderId] ?? []).compactMap { payments[$0] }
            .sorted { ($0.requestedAt, $0.paymentKey) < ($1.requestedAt, $1.paymentKey) }
    }

    func paymentReply(_ payment: SandboxPayment, links: PaymentLinks) -> SandboxReply {
        .json(TossPaymentJSON(payment, merchantId: options.merchantId, links: links))
    }

    /// Writes the payment to disk first, so memory never shows a state the file lacks.
    func save(_ payment: SandboxPayment) throws {
        try file?.append(LedgerFile.Line(payment: payment))
        if let previous = payments[payment.paymentKey]?.orderId, previous != payment.orderId {
            paymentKeysByOrder[previous]?.remove(payment.paymentKey)
        }
        payments[payment.paymentKey] = payment
        paymentKeysByOrder[payment.orderId, default: []].insert(payment.paymentKey)
    }

    /// Keeps a final reply under its idempotency scope; a reply that cannot be written is not
    /// kept, which only means a retry is decided again from the (persisted) payment state.
    func remember(_ reply: SandboxReply, scope: String?, fingerprint: String) {
        guard let scope, reply.isFinal else { return }
        let stored = StoredReply(scope: scope, fingerprint: fingerprint, status: reply.status,
                                 body: reply.body, dropConnection: reply.dropConnection)
        if let file {
            do { try file.append(LedgerFile.Line(reply: stored)) } catch { return }
        }
        replies[scope] = stored
    }
}
