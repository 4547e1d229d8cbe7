import Foundation
import Synchronization
import Testing
import TicketingPostgres
@testable import TicketingServer
import TicketingStorage

/// Two nodes' outbox relays on one PostgreSQL, each reading through its node's records as the
/// server wires them (`RecordReads` over `PostgresRecords`, whose read leases the batch): every
/// event delivered once, each aggregate's in order. The control relays through plain reads of
/// undelivered rows and delivers events twice.
@Suite("Outbox relays on two nodes share one PostgreSQL outbox",
       .enabled(if: ProcessInfo.processInfo.environment["QT_TEST_POSTGRES_URL"] != nil,
                "needs QT_TEST_POSTGRES_URL (scripts/services.sh)"))
struct OutboxRelayNodesTests {
    final class Recorder: OutboxConsumer {
        let name = "recorder"
        private let seen = Mutex<[OutboxEvent]>([])
        var handled: [OutboxEvent] { seen.withLock { $0 } }
        func handle(_ event: OutboxEvent) async throws {
            seen.withLock { $0.append(event) }
            // Gives the other node's relay time to reach the same rows.
            try await Task.sleep(for: .microseconds(200))
        }
    }

    /// The relay as it would be without leases: read what is undelivered, deliver, mark.
    struct UnleasedOutbox: OutboxStore {
        let pool: PostgresPool
        /// Both relays' first reads, counted: each waits for the other's, so a stalled scheduler
        /// cannot run the two one after the other and hide the overlap.
        let firstReads: Counter

        func pendingEvents(limit: Int) async throws -> [OutboxEvent] {
            let events = try await read(limit: limit)
            firstReads.increment()
            let deadline = ContinuousClock.now + .seconds(10)
            while firstReads.value < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            return events
        }

        private func read(limit: Int) async throws -> [OutboxEvent] {
            try await pool.query("""
                SELECT seq, event_id, aggregate_id, type, payload::text AS payload, created_at FROM outbox_event
                WHERE delivered_at IS NULL ORDER BY seq LIMIT $1
                """, [limit]).rows.map { row in
                OutboxEvent(seq: Int64(try row.decode("seq", as: Int.self)), eventId: try row.decode("event_id"),
                            aggregateId: try row.decode("aggregate_id"), type: try row.decode("type"),
                            payload: Data(try row.decode("payload", as: String.self).utf8), createdAt: try row.decode("created_at"))
            }
        }
        func markDelivered(seqs: [Int64], at: Date) async throws {
            for seq in seqs {
                try await pool.query("UPDATE outbox_event SET delivered_at = $2::timestamptz WHERE seq = $1", [Int(seq), at])
            }
        }
    }

    final class Counter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    static let events = 300
    static let aggregates = 30

    @Test func leasedRelaysDeliverEveryEventOnceAndInOrderPerAggregate() async throws {
        let pool = try await Self.seededPool()
        let stores = ["node-a", "node-b"].map { node in
            RecordReads(records: PostgresRecords(pool: pool, relayWorker: node))
        }
        let handled = try await Self.relayOnTwoNodes(stores, pool: pool)
        #expect(handled.count == Self.events)
        #expect(Set(handled.map(\.eventId)).count == Self.events, "an event was delivered twice")
        for (aggregate, events) in Dictionary(grouping: handled, by: \.aggregateId) {
            let seqs = events.map(\.seq)
            #expect(seqs == seqs.sorted(), "\(aggregate) out of order")
        }
        let payload = try #require(handled.first?.payload)
        #expect(String(decoding: payload, as: UTF8.self).contains("\"n\""))
        await pool.shutdown()
    }

    @Test func theControlWithoutLeasesDeliversEventsTwice() async throws {
        let pool = try await Self.seededPool()
        let reads = Counter()
        let handled = try await Self.relayOnTwoNodes([UnleasedOutbox(pool: pool, firstReads: reads),
                                                      UnleasedOutbox(pool: pool, firstReads: reads)], pool: pool)
        #expect(Set(handled.map(\.eventId)).count == Self.events)
        #expect(handled.count > Self.events, "two unleased relays should overlap")
        await pool.shutdown()
    }

    /// A node killed mid-batch keeps its events leased; the others take them once the lease the
    /// server wires runs out. The multinode rush (docs/MULTINODE.md) reads the books back within
    /// about half a minute of a kill, so 30 s later, on the database's clock, they must be free.
    @Test func aKilledNodesBatchIsFreeForTheOthersHalfAMinuteLater() async throws {
        let pool = try await Self.seededPool()
        let dead = try #require(DistributedBackend.records(pool: pool) as? PostgresRecords)
        let alive = PostgresRecords(pool: pool, relayWorker: "node-alive")
        let taken = Set(try await dead.pendingEvents(limit: 10).map(\.seq))
        #expect(taken.count == 10)
        #expect(try await alive.pendingEvents(limit: Self.events).allSatisfy { !taken.contains($0.seq) })
        try await pool.query("""
            UPDATE outbox_event SET lease_until = lease_until - interval '30 seconds' WHERE lease_owner = $1
            """, [dead.relayWorker])
        let late = Set(try await alive.pendingEvents(limit: Self.events).map(\.seq))
        #expect(taken.isSubset(of: late), "the dead node's batch is still leased")
        await pool.shutdown()
    }

    /// Both relays drain until the outbox is empty; returns what they delivered, in the order
    /// it was handled (one recorder behind both, so the order across the nodes shows).
    static func relayOnTwoNodes(_ stores: [any OutboxStore], pool: PostgresPool) async throws -> [OutboxEvent] {
        let recorder = Recorder()
        let relays = stores.map { store in
            OutboxRelay(store: store, consumers: [recorder], logger: .quiet, clock: .system, metrics: ServerMetrics())
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while try await pool.query("SELECT count(*) AS n FROM outbox_event WHERE delivered_at IS NULL")
            .first?.decode("n", as: Int.self) != 0 {
            try #require(ContinuousClock.now < deadline, "the relays did not empty the outbox")
            await withTaskGroup(of: Void.self) { group in
                for relay in relays { group.addTask { await relay.drain() } }
            }
        }
        return recorder.handled
    }

    static func seededPool() async throws -> PostgresPool {
        let url = try #require(ProcessInfo.processInfo.environment["QT_TEST_POSTGRES_URL"])
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresPool.postgres(PostgresConfiguration(url: url))
        try await admin.query("CREATE SCHEMA \(schema)")
        await admin.shutdown()
        let pool = PostgresPool.postgres(PostgresConfiguration(url: url, searchPath: schema),
                                         options: .init(maxConnections: 4, acquireTimeout: .seconds(30)))
        try await PostgresMigrator.migrate(pool)
        try await pool.transaction { connection in
            for n in 0..<events {
                try PostgresOutbox.append(on: connection, eventId: "E:\(n)", aggregateId: "ord_\(n % aggregates)",
                                          type: "OrderPaid", payloadJSON: "{\"n\": \(n)}", now: Date())
            }
        }
        return pool
    }
}
