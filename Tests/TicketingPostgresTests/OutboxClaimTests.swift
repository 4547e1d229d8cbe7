import ConnectionPooling
import Foundation
import Synchronization
import Testing
@testable import TicketingPostgres

@Suite("Outbox relays sharing work with SKIP LOCKED", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct OutboxClaimTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_514_703)

    static func seed(_ pool: PostgresPool, events: Int, aggregates: Int) async throws {
        try await pool.transaction { connection in
            for index in 0..<events {
                try PostgresOutbox.append(on: connection, eventId: "e\(index)", aggregateId: "order-\(index % aggregates)",
                                          type: "order.paid", payloadJSON: #"{"n":\#(index)}"#, now: t0)
            }
        }
    }

    /// What the relays did: each claim, and the order each aggregate's events were delivered in.
    final class Journal: Sendable {
        private let state = Mutex<(claims: [String], delivered: [String: [Int]])>(([], [:]))
        func claimed(_ events: [PostgresOutbox.Event]) { state.withLock { $0.claims += events.map(\.eventId) } }
        func delivered(_ event: PostgresOutbox.Event) { state.withLock { $0.delivered[event.aggregateId, default: []].append(event.seq) } }
        var claims: [String] { state.withLock { $0.claims } }
        var delivered: [String: [Int]] { state.withLock { $0.delivered } }
    }

    @Test func twoRelaysNeverClaimTheSameEventAndKeepEachAggregatesOrder() async throws {
        let pool = try await PostgresTestServer.migratedPool(maxConnections: 4)
        try await Self.seed(pool, events: 300, aggregates: 30)
        let outbox = PostgresOutbox(pool: pool)
        let journal = Journal()
        _ = try await race(2) { worker in
            while true {
                let batch = try await outbox.claim(worker: "w\(worker)", limit: 10, now: Self.t0, lease: .seconds(60))
                if batch.isEmpty {
                    // Nothing claimable: done only when nothing is left undelivered at all.
                    let left = try await pool.query("SELECT count(*) AS n FROM outbox_event WHERE delivered_at IS NULL")
                    if try left.first?.decode("n", as: Int.self) == 0 { return }
                    await Task.yield()
                    continue
                }
                journal.claimed(batch)
                for event in batch {
                    // Delivered (to the consumer) before marked, as a relay does: once the mark
                    // commits another relay may take the aggregate's next event at once.
                    journal.delivered(event)
                    #expect(try await outbox.markDelivered(seq: event.seq, worker: "w\(worker)", now: Self.t0))
                }
            }
        }
        let claims = journal.claims
        #expect(claims.count == 300)
        #expect(Set(claims).count == 300, "an event was claimed twice")
        for (aggregate, seqs) in journal.delivered { #expect(seqs == seqs.sorted(), "\(aggregate) out of order") }
        await pool.shutdown()
    }

    @Test func aDeadRelaysLeaseIsPickedUpOnlyAfterItExpires() async throws {
        let pool = try await PostgresTestServer.migratedPool()
        try await Self.seed(pool, events: 6, aggregates: 6)
        let outbox = PostgresOutbox(pool: pool)
        let taken = try await outbox.claim(worker: "dead", limit: 4, now: Self.t0, lease: .seconds(30))
        #expect(taken.map(\.eventId) == ["e0", "e1", "e2", "e3"])
        // The relay dies here. Ten seconds on, its lease still stands.
        let early = try await outbox.claim(worker: "alive", limit: 10, now: Self.t0.addingTimeInterval(10), lease: .seconds(30))
        #expect(early.map(\.eventId) == ["e4", "e5"])
        let late = try await outbox.claim(worker: "alive", limit: 10, now: Self.t0.addingTimeInterval(31), lease: .seconds(30))
        #expect(late.map(\.eventId) == ["e0", "e1", "e2", "e3"])
        #expect(late.allSatisfy { $0.attempts == 2 })
        // The dead relay comes back late: its delivery no longer counts.
        #expect(try await outbox.markDelivered(seq: taken[0].seq, worker: "dead", now: Self.t0.addingTimeInterval(32)) == false)
        #expect(try await outbox.markDelivered(seq: late[0].seq, worker: "alive", now: Self.t0.addingTimeInterval(32)))
        await pool.shutdown()
    }

    /// Control: claiming with a plain SELECT and a later UPDATE (no row lock, no SKIP LOCKED)
    /// lets two relays take the same events, and the check above would see it.
    @Test func aClaimWithoutRowLocksIsCaughtByTheSameCheck() async throws {
        var duplicates = 0
        for _ in 0..<5 where duplicates == 0 {
            let pool = try await PostgresTestServer.migratedPool(maxConnections: 4)
            try await Self.seed(pool, events: 200, aggregates: 200)
            let claims = try await race(2) { worker in
                var mine: [Int] = []
                while true {
                    let seqs = try await pool.query("""
                        SELECT seq FROM outbox_event WHERE lease_owner IS NULL ORDER BY seq LIMIT 10
                        """).rows.map { try $0.decode("seq", as: Int.self) }
                    if seqs.isEmpty { return mine }
                    await Task.yield()
                    for seq in seqs {
                        try await pool.query("UPDATE outbox_event SET lease_owner = $1 WHERE seq = $2", ["w\(worker)", seq])
                    }
                    mine += seqs
                }
            }
            let all = claims.flatMap { $0 }
            duplicates = all.count - Set(all).count
            await pool.shutdown()
        }
        #expect(duplicates > 0, "an unlocked claim must hand some event to both relays within five runs")
    }
}
