import Foundation
import TicketingDomain
import TicketingRecords

/// The durable records of the distributed mode: every `DurableRecords` port
/// (Sources/TicketingRecords/Ports/DurableRecords.swift) on PostgreSQL, shared by every node.
/// Each port's named transaction is one PostgreSQL transaction on one pooled connection.
public final class PostgresRecords: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }
}
