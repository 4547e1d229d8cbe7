import Foundation
import Testing
import TicketingDomain
@testable import TicketingPostgres
import TicketingRecords

/// Tickets on PostgreSQL where several nodes act at once: twenty doors scanning one code, and
/// the order moves of the other PostgreSQL writers (the payment queue's, plain status updates)
/// issuing and revoking tickets through the trigger.
@Suite("Ticket check-in race and order-status triggers on PostgreSQL",
       .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct TicketCheckinRaceTests {
    static let t0 = Orders.day0

    static func paidTicket(_ records: PostgresRecords) async throws -> TicketRecord {
        let fixture = PostgresFixture(records: records)
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 1, couponsIssued: 0)
        try await fixture.placeOrder(Orders.make("ord_1", seller: "usr_s1", performance: "prf_1", seats: ["A-1"], at: t0))
        #expect(try await fixture.move("ord_1", .payRequested, at: t0))
        #expect(try await fixture.move("ord_1", .gatewayConfirmed, at: t0))
        return try #require(try await records.tickets(performanceId: "prf_1").first)
    }

    static func admitted(_ outcomes: [CheckinOutcome]) -> Int {
        outcomes.filter { if case .admitted = $0 { true } else { false } }.count
    }

    @Test func twentyDoorsScanningOneTicketAdmitExactlyOne() async throws {
        let records = PostgresRecords(pool: try await PostgresTestServer.migratedPool(maxConnections: 20))
        let ticket = try await Self.paidTicket(records)
        let outcomes = try await race(20) { door in
            try await records.checkIn(ticketId: ticket.id,
                                      CheckinRecord(checkedInAt: Self.t0.addingTimeInterval(Double(door)), gate: "G\(door)",
                                                    scannedBy: "usr_door\(door)", offline: false),
                                      recordedAt: Self.t0)
        }
        #expect(Self.admitted(outcomes) == 1)
        let stored = try #require(try await records.ticket(id: ticket.id)?.checkin)
        for outcome in outcomes {
            switch outcome {
            case .admitted(_, let checkin): #expect(checkin == stored)
            case .alreadyCheckedIn(_, let first): #expect(first == stored, "a door was told of another first scan")
            default: Issue.record("unexpected outcome \(outcome)")
            }
        }
        #expect(try await records.checkinCounts(performanceId: "prf_1") == CheckinCounts(tickets: 1, checkedIn: 1, revoked: 0))
        await records.pool.shutdown()
    }

    /// Control: doors that decide from a read made before their insert (not from the insert's
    /// own result) admit the same ticket more than once, and the count above sees it.
    @Test func doorsDecidingFromAnEarlierReadAreCaughtByTheSameCheck() async throws {
        let records = PostgresRecords(pool: try await PostgresTestServer.migratedPool(maxConnections: 20))
        let ticket = try await Self.paidTicket(records)
        let allRead = Barrier(count: 20)
        let outcomes = try await race(20) { door in
            let checkin = CheckinRecord(checkedInAt: Self.t0, gate: "G\(door)", scannedBy: "usr_door\(door)", offline: false)
            let seen = try await records.ticket(id: ticket.id)
            await allRead.arrive()  // every door has read before any writes: the widest window
            try await records.pool.query("""
                INSERT INTO checkin (ticket_id, performance_id, checked_in_at, gate, scanned_by, offline, recorded_at)
                VALUES ($1, 'prf_1', $2::timestamptz, $3, $4, false, $2::timestamptz) ON CONFLICT DO NOTHING
                """, [ticket.id, Self.t0, checkin.gate, checkin.scannedBy])
            return seen?.checkin == nil ? CheckinOutcome.admitted(ticket, checkin) : .unknownTicket
        }
        #expect(Self.admitted(outcomes) > 1)
        await records.pool.shutdown()
    }

    /// A refund that has revoked the ticket but not yet committed when a door scans it: the scan
    /// waits on the ticket row and then sees it revoked, as SQLite's single writer would order
    /// them. (A scan reading the ticket without the row lock admits it.)
    @Test func aScanDuringARefundWaitsForItAndSeesTheTicketRevoked() async throws {
        let schema = try await PostgresTestServer.freshSchema()
        let records = PostgresRecords(pool: try PostgresTestServer.pool(schema: schema))
        try await PostgresMigrator.migrate(records.pool)
        let ticket = try await Self.paidTicket(records)
        let refund = try await PostgresConnection.connect(PostgresConfiguration(url: try #require(PostgresTestServer.url),
                                                                                searchPath: schema))
        try await refund.execute("BEGIN")
        try await refund.query("UPDATE ticket_order SET status = 'refund_processing' WHERE id = 'ord_1'")
        try await refund.query("UPDATE ticket_order SET status = 'refunded', updated_at = $1::timestamptz WHERE id = 'ord_1'",
                               [Self.t0.addingTimeInterval(60)])
        let scan = Task {
            try await records.checkIn(ticketId: ticket.id, CheckinRecord(checkedInAt: Self.t0, gate: "G1", scannedBy: "usr_door",
                                                                         offline: false), recordedAt: Self.t0)
        }
        // Wait until the scan is blocked on the refund's row lock, then let the refund commit.
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let waiting = try await records.pool.query("""
                SELECT count(*) AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE OF t%' AND query LIKE '%ticket t%'
                """).first?.decode("n", as: Int.self)
            if waiting == 1 { break }
            await Task.yield()
        }
        try await refund.execute("COMMIT")
        await refund.close()
        let outcome = try await scan.value
        let revoked = try #require(try await records.ticket(id: ticket.id))
        #expect(revoked.revokedAt == Self.t0.addingTimeInterval(60))
        #expect(outcome == .revoked(revoked))
        #expect(try await records.checkinCounts(performanceId: "prf_1") == CheckinCounts(tickets: 0, checkedIn: 0, revoked: 1))
        await records.pool.shutdown()
    }

    /// The payment queue's finish (a status UPDATE from another writer) and a later plain
    /// refund UPDATE: the trigger issues and revokes without the writer knowing tickets exist.
    @Test func orderMovesByOtherWritersIssueAndRevokeTickets() async throws {
        let records = PostgresRecords(pool: try await PostgresTestServer.migratedPool())
        let fixture = PostgresFixture(records: records)
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 1, couponsIssued: 0)
        var order = Orders.make("ord_q", seller: "usr_s1", performance: "prf_1", seats: ["C-3", "C-4", "C-5"], at: Self.t0)
        order.status = .paymentProcessing
        try await fixture.placeOrder(order)
        let queue = PostgresPaymentQueue(pool: records.pool)
        let claims = try await queue.claim(worker: "pay-1", limit: 5, now: Self.t0, lease: .seconds(30))
        #expect(claims.map(\.orderId) == ["ord_q"])
        #expect(try await records.tickets(userId: order.userId).isEmpty, "no ticket before payment")
        let paidAt = Self.t0.addingTimeInterval(42)
        #expect(try await queue.finish(orderId: "ord_q", worker: "pay-1", status: .paid, now: paidAt))
        let issued = try await records.tickets(userId: order.userId)
        #expect(issued.map(\.seatId) == ["C-3", "C-4", "C-5"] && issued.allSatisfy { $0.issuedAt == paidAt && $0.revokedAt == nil })

        // Any UPDATE that leaves paid and comes back keeps the tickets; refunded revokes them.
        let refundedAt = Self.t0.addingTimeInterval(900)
        try await records.pool.query("UPDATE ticket_order SET status = 'refund_processing' WHERE id = 'ord_q'")
        try await records.pool.query("UPDATE ticket_order SET status = 'paid' WHERE id = 'ord_q'")
        #expect(try await records.tickets(userId: order.userId) == issued)
        try await records.pool.query("UPDATE ticket_order SET status = 'refund_processing' WHERE id = 'ord_q'")
        try await records.pool.query("UPDATE ticket_order SET status = 'refunded', updated_at = $1::timestamptz WHERE id = 'ord_q'",
                                     [refundedAt])
        let revoked = try await records.tickets(userId: order.userId)
        #expect(revoked.map(\.id) == issued.map(\.id) && revoked.allSatisfy { $0.revokedAt == refundedAt })
        // Two transactions racing to install a performance's first key agree on one.
        let keys = try await race(8) { index in
            try await records.installTicketKey(performanceId: "prf_1",
                                               StoredTicketKey(publicKey: [UInt8](repeating: UInt8(index), count: 32),
                                                               sealedPrivateKey: [UInt8](repeating: 1, count: 32)),
                                               at: Self.t0)
        }
        #expect(Set(keys.map(\.publicKey)).count == 1)
        await records.pool.shutdown()
    }
}

/// Lets `count` tasks through together once all of them have arrived.
actor Barrier {
    private let count: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arrive() async {
        if waiting.count + 1 >= count {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
