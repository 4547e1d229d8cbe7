import Foundation
import TicketingPostgres
import TicketingStorage

/// The outbox relay's store on PostgreSQL when every node relays: `pendingEvents` leases the
/// batch to this node (`PostgresOutbox.claim`, `FOR UPDATE SKIP LOCKED`), so another node's relay
/// skips it and no event is delivered twice while the lease runs; `markDelivered` counts only
/// under this node's lease. A node that dies mid-batch leaves its events to the others once the
/// lease runs out (delivered again; consumers dedupe by event id).
struct LeasedOutbox: OutboxStore {
    let outbox: PostgresOutbox
    let worker: String
    let clock: WallClock
    /// Far longer than one batch takes to deliver in-process.
    let lease: Duration

    init(pool: PostgresPool, worker: String, clock: WallClock, lease: Duration = .seconds(30)) {
        self.outbox = PostgresOutbox(pool: pool)
        self.worker = worker
        self.clock = clock
        self.lease = lease
    }

    func pendingEvents(limit: Int) async throws -> [OutboxEvent] {
        try await outbox.claim(worker: worker, limit: limit, now: clock.now(), lease: lease).map { event in
            OutboxEvent(seq: Int64(event.seq), eventId: event.eventId, aggregateId: event.aggregateId, type: event.type,
                        payload: Data(event.payloadJSON.utf8), createdAt: event.createdAt)
        }
    }

    /// One statement per event: a batch is at most a few hundred, and each must check its own lease.
    func markDelivered(seqs: [Int64], at: Date) async throws {
        for seq in seqs {
            _ = try await outbox.markDelivered(seq: Int(seq), worker: worker, now: at)
        }
    }
}
