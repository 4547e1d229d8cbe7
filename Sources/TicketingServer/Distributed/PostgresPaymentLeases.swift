import Foundation
import TicketingPostgres

/// `PaymentLeases` on the lease columns of `ticket_order` (`PostgresPaymentQueue`): a lease runs
/// out on its own, so a node that dies mid-payment leaves its orders to the others' sweeps.
struct PostgresPaymentLeases: PaymentLeases {
    let queue: PostgresPaymentQueue
    /// This node's name in `lease_owner`.
    let worker: String
    let clock: WallClock
    /// How long a dead node's order waits before another node's sweep may drive it. A live
    /// node renews every `renewEvery` for as long as its drive runs (a confirm's retries plus a
    /// reconcile's can outlast any one lease); a buyer whose paying node died waits at most this
    /// plus one sweep, not the minutes a lease covering a whole drive would take.
    let lease: Duration
    let renewEvery: Duration?

    init(pool: PostgresPool, worker: String, clock: WallClock, lease: Duration = .seconds(20),
         renewEvery: Duration = .seconds(5)) {
        self.queue = PostgresPaymentQueue(pool: pool)
        self.worker = worker
        self.clock = clock
        self.lease = lease
        self.renewEvery = renewEvery
    }

    /// Also the renewal: `claim(orderId:)` lets the owner extend its own lease.
    func acquire(orderId: String) async throws -> Bool {
        try await queue.claim(orderId: orderId, worker: worker, now: clock.now(), lease: lease)
    }

    /// A release that fails leaves the lease to run out: the order waits, it is not lost.
    func release(orderId: String) async {
        try? await queue.release(orderId: orderId, worker: worker)
    }
}
