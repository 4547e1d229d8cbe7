import Foundation
import TicketingPostgres

/// `PaymentLeases` on the lease columns of `ticket_order` (`PostgresPaymentQueue`): a lease runs
/// out on its own, so a node that dies mid-payment leaves its orders to the others' sweeps.
struct PostgresPaymentLeases: PaymentLeases {
    let queue: PostgresPaymentQueue
    /// This node's name in `lease_owner`.
    let worker: String
    let clock: WallClock
    /// Longer than one drive of an order (a confirm's retries plus a reconcile's), so a live
    /// worker keeps its order; a dead one's returns after this.
    let lease: Duration

    init(pool: PostgresPool, worker: String, clock: WallClock, lease: Duration = .seconds(180)) {
        self.queue = PostgresPaymentQueue(pool: pool)
        self.worker = worker
        self.clock = clock
        self.lease = lease
    }

    func acquire(orderId: String) async throws -> Bool {
        try await queue.claim(orderId: orderId, worker: worker, now: clock.now(), lease: lease)
    }

    /// A release that fails leaves the lease to run out: the order waits, it is not lost.
    func release(orderId: String) async {
        try? await queue.release(orderId: orderId, worker: worker)
    }
}
