import Foundation
import TicketingDomain
import TicketingRecords

/// The durable records of the distributed mode: every `DurableRecords` port
/// (Sources/TicketingRecords/Ports/DurableRecords.swift) on PostgreSQL, shared by every node.
/// Each port's named transaction is one PostgreSQL transaction on one pooled connection.
public final class PostgresRecords: Sendable {
    public let pool: PostgresPool
    /// This node's name on the outbox events its relay leases (PostgresRecords+Outbox.swift):
    /// one per node, so two nodes never relay the same event while a lease stands.
    public let relayWorker: String
    /// How long a batch of events stays leased to this node's relay; past it, a node that died
    /// mid-batch has its events taken by another. Far longer than a batch takes to deliver
    /// in-process (a lease that runs out mid-delivery costs only a deduped redelivery), and short
    /// enough that a dead node's sales reach the ledger while a rush is still being read back.
    public let relayLease: Duration

    public init(pool: PostgresPool, relayWorker: String = "node-\(UUID().uuidString.lowercased())",
                relayLease: Duration = .seconds(30)) {
        self.pool = pool
        self.relayWorker = relayWorker
        self.relayLease = relayLease
    }
}
