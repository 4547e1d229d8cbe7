import Foundation
import Logging
import TicketingDomain
import TicketingStorage

/// Reconciles from the gateway's side: every charge the gateway lists (Toss' transactions
/// lookup) must belong to an order we hold as paid. A charge for an order we do not have, or do
/// not have as paid — after a restore from backup, a commit lost to a power cut, an operator's
/// mistake — is refunded with a reason; a charge whose amount differs from its paid order is
/// flagged for an operator. Either way it is logged and counted, never left as money taken for
/// nothing. Orders still in flight belong to the payment worker and are left alone.
actor ChargeSweep {
    struct Report: Sendable, Equatable {
        /// Payment keys refunded in this pass.
        var refunded: [String] = []
        /// Payment keys flagged for an operator.
        var flagged: [String] = []
        /// Approvals looked at.
        var checked = 0
    }

    private let reads: any OrderReads
    private let gateway: any GatewayTransactionLookup
    private let logger: Logger
    private let clock: WallClock
    private let metrics: ServerMetrics
    /// How far back the first pass after start looks (a restore can be that old).
    private let lookback: TimeInterval
    /// Later passes start this long before the previous one ended, so a charge written with a
    /// slightly older timestamp (clock skew, a slow commit at the gateway) is not skipped.
    private let overlap: TimeInterval = 600
    private var sweptThrough: Date?
    private var running: Task<Void, Never>?

    init(reads: any OrderReads, gateway: any GatewayTransactionLookup, logger: Logger, clock: WallClock,
         metrics: ServerMetrics, lookback: TimeInterval = 2 * 86_400) {
        self.reads = reads
        self.gateway = gateway
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
        self.lookback = lookback
    }

    /// Sweeps every `interval`, the first time one interval after start.
    func start(every interval: Duration) {
        guard running == nil else { return }
        running = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                _ = await self?.sweep()
            }
        }
    }

    func stop() {
        running?.cancel()
        running = nil
    }

    /// One pass over the gateway's transactions since the last complete pass. A pass that
    /// fails half-way is counted and logged, and the next one covers the same window again.
    func sweep() async -> Report {
        let through = clock.now()
        let from = sweptThrough.map { $0.addingTimeInterval(-overlap) } ?? through.addingTimeInterval(-lookback)
        var report = Report()
        do {
            for approval in try await approvals(from: from, through: through) {
                report.checked += 1
                try await check(approval, into: &report)
            }
            sweptThrough = through
        } catch {
            metrics.backgroundError(worker: "charge_sweep")
            logger.error("charge sweep failed; the next pass covers the same window", metadata: [
                "error.message": "\(error)"])
        }
        return report
    }

    private func approvals(from: Date, through: Date) async throws -> [GatewayTransaction] {
        let pageSize = 500
        var approvals: [GatewayTransaction] = []
        var after: String?
        while true {
            let page = try await gateway.transactions(from: from, through: through, startingAfter: after, limit: pageSize)
            approvals += page.filter(\.isApproval)
            guard page.count == pageSize, let last = page.last else { return approvals }
            after = last.transactionKey
        }
    }

    private func check(_ approval: GatewayTransaction, into report: inout Report) async throws {
        let order = try await reads.order(id: approval.orderId)
        if let order, order.paymentKey == approval.paymentKey {
            switch order.status {
            case .paymentProcessing, .paymentUnknown, .refundProcessing:
                return  // the payment worker is on it
            case .paid, .refunded:
                if approval.amount != order.total {
                    metrics.strayCharge(action: "flagged")
                    report.flagged.append(approval.paymentKey)
                    logger.critical("gateway charge differs from its paid order; left for an operator", metadata: [
                        "order.id": "\(order.id)", "order.total": "\(order.total)",
                        "payment.key": "\(approval.paymentKey)", "payment.amount": "\(approval.amount)"])
                }
                return
            default:
                break
            }
        }
        // No order, an order never paid (pending, failed, cancelled), or another payment of it.
        guard let payment = try await gateway.payment(paymentKey: approval.paymentKey), payment.isCharged else { return }
        let reason = "QueueTicket holds no paid order \(approval.orderId) for this charge"
        let refunded = try await gateway.cancel(paymentKey: approval.paymentKey, amount: nil, reason: reason,
                                                idempotencyKey: "stray-\(approval.paymentKey)")
        metrics.strayCharge(action: "refunded")
        report.refunded.append(approval.paymentKey)
        logger.warning("refunded a gateway charge without a paid order", metadata: [
            "order.id": "\(approval.orderId)", "order.status": "\(order?.status.rawValue ?? "none")",
            "payment.key": "\(approval.paymentKey)", "payment.amount": "\(refunded.totalAmount - refunded.balanceAmount)"])
    }
}
