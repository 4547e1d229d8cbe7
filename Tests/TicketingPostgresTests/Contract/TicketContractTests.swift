import Foundation
import Testing
import TicketingDomain
import TicketingRecords

/// The ticket port on both stores: tickets issued by the order's move to paid and revoked by its
/// move to refunded (triggers on the order's status), exactly-once check-in, first-writer-wins
/// signing keys and door accounts.
@Suite("Ticket records: the same tickets and check-ins on SQLite and PostgreSQL",
       .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct TicketContractTests {
    static let t0 = Orders.day0

    static func paidOrder(_ fixture: RecordFixture, _ id: String, seats: [String], at: Date) async throws -> OrderRecord {
        let order = Orders.make(id, seller: "usr_s1", performance: "prf_1", seats: seats, at: t0)
        try await fixture.placeOrder(order)
        #expect(try await fixture.move(id, .payRequested, at: at.addingTimeInterval(-5)))
        #expect(try await fixture.move(id, .gatewayConfirmed, at: at))
        return order
    }

    @Test(arguments: RecordBackend.allCases)
    func paidIssuesATicketPerSeatAndRefundedRevokesThem(_ backend: RecordBackend) async throws {
        let fixture = try await backend.make()
        defer { Task { await fixture.close() } }
        let records = fixture.records
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 1, couponsIssued: 0)
        let paidAt = Self.t0.addingTimeInterval(100)
        let order = try await Self.paidOrder(fixture, "ord_1", seats: ["A-2", "A-1"], at: paidAt)
        let declined = Orders.make("ord_2", seller: "usr_s1", performance: "prf_1", seats: ["B-1"], at: Self.t0)
        try await fixture.placeOrder(declined)
        #expect(try await fixture.move(declined.id, .payRequested, at: paidAt))
        #expect(try await fixture.move(declined.id, .gatewayDeclined, at: paidAt))

        let issued = try await records.tickets(userId: order.userId)
        #expect(issued.map(\.seatId) == ["A-1", "A-2"])
        #expect(issued.allSatisfy { $0.orderId == "ord_1" && $0.performanceId == "prf_1" && $0.version == 1
                                    && $0.issuedAt == paidAt && $0.revokedAt == nil && $0.checkin == nil })
        #expect(issued.allSatisfy { $0.id.hasPrefix("tkt_") && $0.id.count == 24 })
        #expect(try await records.tickets(userId: declined.userId).isEmpty, "a declined order has no tickets")
        #expect(try await records.tickets(performanceId: "prf_1") == issued.sorted { $0.id < $1.id })
        #expect(try await records.ticket(id: issued[0].id) == issued[0])
        #expect(try await records.ticket(id: "tkt_none") == nil)

        // A refund that fails returns the order to paid: the same tickets, not new ones.
        #expect(try await fixture.move(order.id, .refundRequested, at: paidAt.addingTimeInterval(10)))
        #expect(try await fixture.move(order.id, .refundFailed, at: paidAt.addingTimeInterval(20)))
        #expect(try await records.tickets(userId: order.userId) == issued)

        let door = CheckinRecord(checkedInAt: paidAt.addingTimeInterval(30), gate: "G1", scannedBy: "usr_door", offline: false)
        var admitted = issued[0]
        admitted.checkin = door
        #expect(try await records.checkIn(ticketId: issued[0].id, door, recordedAt: paidAt.addingTimeInterval(31))
                    == .admitted(admitted, door))
        let again = CheckinRecord(checkedInAt: paidAt.addingTimeInterval(40), gate: "G2", scannedBy: "usr_door2", offline: false)
        #expect(try await records.checkIn(ticketId: issued[0].id, again, recordedAt: paidAt.addingTimeInterval(41))
                    == .alreadyCheckedIn(admitted, door))
        // An offline scan uploaded twice is the same scan, not a second entry.
        let offline = CheckinRecord(checkedInAt: paidAt.addingTimeInterval(50), gate: nil, scannedBy: "usr_door", offline: true)
        var second = issued[1]
        second.checkin = offline
        #expect(try await records.checkIn(ticketId: issued[1].id, offline, recordedAt: paidAt.addingTimeInterval(60))
                    == .admitted(second, offline))
        #expect(try await records.checkIn(ticketId: issued[1].id, offline, recordedAt: paidAt.addingTimeInterval(70))
                    == .duplicate(second, offline))
        #expect(try await records.checkIn(ticketId: "tkt_none", door, recordedAt: paidAt) == .unknownTicket)
        #expect(try await records.checkinCounts(performanceId: "prf_1") == CheckinCounts(tickets: 2, checkedIn: 2, revoked: 0))

        let refundedAt = paidAt.addingTimeInterval(3_600)
        #expect(try await fixture.move(order.id, .refundRequested, at: refundedAt.addingTimeInterval(-60)))
        #expect(try await fixture.move(order.id, .refundCompleted, at: refundedAt))
        let revoked = try await records.tickets(userId: order.userId)
        #expect(revoked.map(\.id) == issued.map(\.id) && revoked.allSatisfy { $0.revokedAt == refundedAt })
        #expect(try await records.checkIn(ticketId: revoked[0].id, again, recordedAt: refundedAt) == .revoked(revoked[0]))
        #expect(try await records.checkinCounts(performanceId: "prf_1") == CheckinCounts(tickets: 0, checkedIn: 0, revoked: 2))
    }

    @Test(arguments: RecordBackend.allCases)
    func theFirstKeyInstalledStaysAndDoorAccountsBelongToTheirSeller(_ backend: RecordBackend) async throws {
        let fixture = try await backend.make()
        defer { Task { await fixture.close() } }
        let records = fixture.records
        try await fixture.seed(sellerId: "usr_s1", performanceId: "prf_1", couponQuantity: 1, couponsIssued: 0)
        try await fixture.seed(sellerId: "usr_s2", performanceId: "prf_2", couponQuantity: 1, couponsIssued: 0)
        #expect(try await records.ticketKey(performanceId: "prf_1") == nil)
        let first = StoredTicketKey(publicKey: Array(0..<32), sealedPrivateKey: Array(repeating: 0xAB, count: 32) + [0, 255])
        let second = StoredTicketKey(publicKey: Array(repeating: 7, count: 32), sealedPrivateKey: Array(repeating: 9, count: 32))
        #expect(try await records.installTicketKey(performanceId: "prf_1", first, at: Self.t0) == first)
        #expect(try await records.installTicketKey(performanceId: "prf_1", second, at: Self.t0) == first)
        #expect(try await records.ticketKey(performanceId: "prf_1") == first)
        #expect(try await records.ticketKey(performanceId: "prf_2") == nil)

        let doors = (1...3).map { index in
            UserRecord(id: "usr_door\(index)", email: "door\(index)@example.com", name: "Door \(index)", role: .door,
                       passwordHash: "hash\(index)", createdAt: Self.t0.addingTimeInterval(Double(10 - index)))
        }
        try await records.createDoorAccount(doors[0], sellerId: "usr_s1")
        try await records.createDoorAccount(doors[1], sellerId: "usr_s1")
        try await records.createDoorAccount(doors[2], sellerId: "usr_s2")
        let taken = UserRecord(id: "usr_door9", email: "DOOR1@example.com", name: "Copy", role: .door, passwordHash: "-",
                               createdAt: Self.t0)
        await #expect(throws: StorageError.duplicate("email")) {
            try await records.createDoorAccount(taken, sellerId: "usr_s1")
        }
        #expect(try await records.doorSeller(userId: "usr_door9") == nil, "the refused account left no link")
        #expect(try await records.doorSeller(userId: "usr_door2") == "usr_s1")
        #expect(try await records.doorSeller(userId: "usr_s1") == nil)
        #expect(try await records.doorAccounts(sellerId: "usr_s1") == [doors[1], doors[0]])
        #expect(try await records.doorAccounts(sellerId: "usr_s2") == [doors[2]])
    }
}
