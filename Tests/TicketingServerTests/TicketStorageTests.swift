import Foundation
import GRDB
import Testing
@testable import TicketingStorage

/// Tickets at the storage facade: issued and revoked by the order-status triggers, and the
/// exactly-once check-in under concurrent scans, with a control.
@Suite("Ticket storage: triggers and exactly-once check-in")
struct TicketStorageTests {
    static func storage() throws -> Storage {
        try Storage(directory: FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-tickets-\(UUID().uuidString)", isDirectory: true))
    }

    /// An order row of two seats, then `statuses` applied one after another as checkout would.
    static func order(_ storage: Storage, id: String = "ord_1", moves statuses: [String]) async throws {
        try await storage.pool.write { db in
            let now = Date()
            try db.execute(sql: """
                INSERT INTO ticketOrder (id, userId, performanceId, sellerId, holdId, seatIdsJSON, subtotal, discount,
                    total, appliedJSON, status, createdAt, updatedAt, expiresAt)
                VALUES (?, 'usr_b', 'prf_1', 'usr_s', 'hld_1', ?, 2, 0, 2, ?, 'pending_payment', ?, ?, ?)
                """, arguments: [id, Data(#"["A-1","A-2"]"#.utf8), Data("[]".utf8), now, now, now])
        }
        for status in statuses {
            try await storage.pool.write { db in
                try db.execute(sql: "UPDATE ticketOrder SET status = ?, updatedAt = ? WHERE id = ?",
                               arguments: [status, Date(), id])
            }
        }
    }

    @Test func paidIssuesOneTicketPerSeatAndRefundedRevokesThem() async throws {
        let storage = try Self.storage()
        try await Self.order(storage, moves: ["payment_processing"])
        #expect(try await storage.tickets(userId: "usr_b").isEmpty)
        try await Self.order(storage, id: "ord_2", moves: ["payment_processing", "failed"])
        try await storage.pool.write { db in
            try db.execute(sql: "UPDATE ticketOrder SET status = 'paid' WHERE id = 'ord_1'")
        }
        let issued = try await storage.tickets(userId: "usr_b")
        #expect(issued.map(\.seatId).sorted() == ["A-1", "A-2"] && issued.allSatisfy { $0.revokedAt == nil && $0.version == 1 })
        #expect(Set(issued.map(\.orderId)) == ["ord_1"], "a failed order has no tickets")
        // A refund that fails returns the order to paid: the same tickets, not new ones.
        for status in ["refund_processing", "paid"] {
            try await storage.pool.write { db in
                try db.execute(sql: "UPDATE ticketOrder SET status = ? WHERE id = 'ord_1'", arguments: [status])
            }
        }
        #expect(try await storage.tickets(userId: "usr_b").map(\.id).sorted() == issued.map(\.id).sorted())
        for status in ["refund_processing", "refunded"] {
            try await storage.pool.write { db in
                try db.execute(sql: "UPDATE ticketOrder SET status = ? WHERE id = 'ord_1'", arguments: [status])
            }
        }
        let revoked = try await storage.tickets(userId: "usr_b")
        #expect(revoked.count == 2 && revoked.allSatisfy { $0.revokedAt != nil })
        let outcome = try await storage.checkIn(ticketId: revoked[0].id,
                                                CheckinRecord(checkedInAt: Date(), gate: nil, scannedBy: "usr_s", offline: false),
                                                recordedAt: Date())
        #expect(outcome == .revoked(revoked[0]))
    }

    @Test func twentyConcurrentScansAdmitOnce() async throws {
        let storage = try Self.storage()
        try await Self.order(storage, moves: ["payment_processing", "paid"])
        let ticket = try #require(try await storage.tickets(userId: "usr_b").first)
        let outcomes = try await withThrowingTaskGroup(of: CheckinOutcome.self) { group in
            for door in 0..<20 {
                group.addTask {
                    try await storage.checkIn(ticketId: ticket.id,
                                              CheckinRecord(checkedInAt: Date(), gate: "G\(door)", scannedBy: "door\(door)",
                                                            offline: false), recordedAt: Date())
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Self.admitted(outcomes) == 1)
        #expect(outcomes.filter { if case .alreadyCheckedIn = $0 { true } else { false } }.count == 19)
    }

    /// Control: the same count over a check-then-insert door (read "not in yet", then write),
    /// with every reader done before any writer, admits everyone; the assertion above would see it.
    @Test func controlACheckThenInsertDoorAdmitsManyAndTheCountCatchesIt() async throws {
        let storage = try Self.storage()
        try await Self.order(storage, moves: ["payment_processing", "paid"])
        let ticket = try #require(try await storage.tickets(userId: "usr_b").first)
        let readers = AsyncBarrier(count: 20)
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for door in 0..<20 {
                group.addTask {
                    let seenFree = try await storage.ticket(id: ticket.id)?.checkin == nil
                    await readers.arriveAndWait()
                    guard seenFree else { return false }
                    // The naive door records its own entry however the database answers.
                    _ = try await storage.checkIn(ticketId: ticket.id,
                                                  CheckinRecord(checkedInAt: Date(), gate: nil, scannedBy: "door\(door)",
                                                                offline: false), recordedAt: Date())
                    return true
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 20)
    }

    static func admitted(_ outcomes: [CheckinOutcome]) -> Int {
        outcomes.filter { if case .admitted = $0 { true } else { false } }.count
    }
}

/// Releases every waiter once `count` have arrived.
actor AsyncBarrier {
    private let count: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arriveAndWait() async {
        if waiting.count + 1 == count {
            for waiter in waiting { waiter.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
