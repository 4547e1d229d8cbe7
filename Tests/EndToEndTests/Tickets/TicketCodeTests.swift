import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Tickets: issue, sign, revoke")
struct TicketCodeTests {
    @Test func paidSeatsGetCodesThatPythonsEd25519Verifies() async throws {
        let fixture = try await TicketFixture.make(seats: 2)
        defer { Task { await fixture.server.stop() } }
        #expect(fixture.tickets.count == 2)
        #expect(Set(fixture.tickets.map(\.seatId)) == Set(fixture.checkout.hold.seatIds))
        #expect(fixture.tickets.allSatisfy { $0.status == .valid && !$0.section.isEmpty && $0.number > 0 })
        let key = try await fixture.server.client().checkinKey(performanceId: fixture.show.performance.id)
        #expect(key.algorithm == "Ed25519")
        #expect(Data(base64Encoded: key.publicKey)?.count == 32)

        let lines = try PythonVerifier.verify(publicKey: key.publicKey, codes: fixture.tickets.map(\.code))
        let expected = fixture.tickets.map { ticket in
            "ok {\"p\":\"\(ticket.performanceId)\",\"s\":\"\(ticket.seatId)\",\"t\":\"\(ticket.id)\",\"v\":1}"
        }
        #expect(lines == expected)

        // Control: one changed character of the payload must fail the same verifier.
        var tampered = Array(fixture.tickets[0].code)
        let index = 6
        tampered[index] = tampered[index] == "A" ? "B" : "A"
        #expect(try PythonVerifier.verify(publicKey: key.publicKey, codes: [String(tampered)]) == ["bad"])
    }

    @Test func codesAreStableAndTheKeyIsPerPerformance() async throws {
        let fixture = try await TicketFixture.make(seats: 1)
        defer { Task { await fixture.server.stop() } }
        let again = try await fixture.checkout.buyer.myTickets().tickets
        #expect(again.map(\.code) == fixture.tickets.map(\.code))
        let other = try await ShowFixture.make(on: fixture.server, rate: 1_000, maxActive: 1_000)
        let first = try await fixture.server.client().checkinKey(performanceId: fixture.show.performance.id)
        let second = try await fixture.server.client().checkinKey(performanceId: other.performance.id)
        #expect(first.publicKey != second.publicKey)
        // A code of one performance does not verify with another's key.
        #expect(try PythonVerifier.verify(publicKey: second.publicKey, codes: [fixture.tickets[0].code]) == ["bad"])
        let missing = await TicketFixture.failure { try await fixture.server.client().checkinKey(performanceId: "prf_none") }
        #expect(missing?.status == 404)
    }

    @Test func aRefundRevokesTheOrdersTickets() async throws {
        let fixture = try await TicketFixture.make(seats: 2)
        defer { Task { await fixture.server.stop() } }
        let door = try await fixture.door()
        _ = try await fixture.checkout.buyer.post("/v1/orders/\(fixture.order.orderId)/cancel", as: OrderStatusDTO.self)
        #expect(try await fixture.checkout.waitForFinal(fixture.order.orderId).status == "refunded")
        let tickets = try await fixture.checkout.buyer.myTickets().tickets
        #expect(tickets.count == 2 && tickets.allSatisfy { $0.status == .revoked })
        let error = await TicketFixture.failure { try await door.checkIn(CheckinRequest(code: tickets[0].code)) }
        #expect(error?.status == 410 && error?.code == "ticket_revoked")
        let list = try await door.checkinList(performanceId: fixture.show.performance.id)
        #expect(Set(list.revoked) == Set(tickets.map(\.id)) && list.tickets.isEmpty)
    }

    @Test func onlyTheSellerAndItsDoorsCheckIn() async throws {
        let fixture = try await TicketFixture.make(seats: 2)
        defer { Task { await fixture.server.stop() } }
        let code = fixture.tickets[0].code
        let buyer = await TicketFixture.failure { try await fixture.checkout.buyer.checkIn(CheckinRequest(code: code)) }
        #expect(buyer?.status == 403)
        // Another seller and that seller's door.
        let stranger = try await ShowFixture.make(on: fixture.server, rate: 1, maxActive: 1)
        let email = "door-\(UUID().uuidString)@example.com"
        _ = try await stranger.seller.createDoorAccount(CreateDoorAccountRequest(email: email, password: "door password"))
        let strangerDoor = fixture.server.client()
        _ = try await strangerDoor.login(LoginRequest(email: email, password: "door password"))
        for api in [stranger.seller, strangerDoor] {
            let error = await TicketFixture.failure { try await api.checkIn(CheckinRequest(code: code)) }
            #expect(error?.status == 403)
            let list = await TicketFixture.failure { try await api.checkinList(performanceId: fixture.show.performance.id) }
            #expect(list?.status == 403)
        }
        // Door accounts cannot sign up by themselves, nor create more doors.
        let signup = await TicketFixture.failure {
            try await fixture.server.client().signup(SignupRequest(email: "d@example.com", password: "long enough",
                                                                   name: "D", role: "door"))
        }
        #expect(signup?.status == 400)
        let door = try await fixture.door("North")
        let nested = await TicketFixture.failure {
            try await door.createDoorAccount(CreateDoorAccountRequest(email: "x@example.com", password: "long enough"))
        }
        #expect(nested?.status == 403)

        // Malformed, then a valid payload under a forged signature.
        let malformed = await TicketFixture.failure { try await door.checkIn(CheckinRequest(code: "QT1.nonsense")) }
        #expect(malformed?.status == 422 && malformed?.code == "invalid_ticket_code")
        let parts = code.split(separator: ".")
        let otherSignature = fixture.tickets[1].code.split(separator: ".")[2]
        let forged = await TicketFixture.failure {
            try await door.checkIn(CheckinRequest(code: "\(parts[0]).\(parts[1]).\(otherSignature)"))
        }
        #expect(forged?.status == 422 && forged?.code == "invalid_ticket_code")

        let entry = try await door.checkIn(CheckinRequest(code: code, gate: "North"))
        #expect(entry.ticket.id == fixture.tickets[0].id && entry.ticket.status == .checkedIn && entry.gate == "North")
        let again = await TicketFixture.failure { try await fixture.show.seller.checkIn(CheckinRequest(code: code)) }
        #expect(again?.status == 409 && again?.code == "already_checked_in")
        #expect(again?.body?.gate == "North")
        #expect(again?.body?.checkedInAt.map { abs($0.timeIntervalSince(entry.checkedInAt)) < 0.01 } == true)
        let mine = try await fixture.checkout.buyer.myTickets().tickets.first { $0.id == fixture.tickets[0].id }
        #expect(mine?.status == .checkedIn)
        let summary = try await fixture.show.seller.checkinSummary(performanceId: fixture.show.performance.id)
        #expect(summary.tickets == 2 && summary.checkedIn == 1 && summary.revoked == 0)
    }
}
