import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// An admission token is a signed pass; these check it cannot be replayed once the admission it
/// stood for is over (other performance, other buyer and expiry are in AuthMatrixTests/HoldTests).
@Suite("Admission tokens cannot be replayed after the admission ends")
struct AdmissionReplayTests {
    private func hold(_ show: ShowFixture, _ buyer: APIClient, token: String, seat: String) async throws -> ClientResponse {
        try await buyer.send(method: "POST", path: "/v1/performances/\(show.performance.id)/holds",
                             body: try WireJSON.encode(CreateHoldRequest(seatIds: [seat])),
                             headers: ["Content-Type": "application/json", "X-Admission-Token": token])
    }

    private func code(_ response: ClientResponse) -> String? {
        (try? WireJSON.decode(ErrorEnvelope.self, from: response.body))?.error.code
    }

    @Test func aTokenIsDeadOnceTheBuyerLeavesTheLine() async throws {
        let show = try await ShowFixture.make(rate: 1_000, maxActive: 1_000)
        defer { Task { await show.server.stop() } }
        let (buyer, _) = try await show.server.signedUp("buyer")
        _ = try await show.join(buyer)
        let token = try #require(try await show.waitForStatus(buyer) { $0.state == "admitted" }.admissionToken)
        let seats = show.hall.grades[0].seatIds
        // The token works, and works again (a new hold replaces the old one) while admitted.
        #expect(try await hold(show, buyer, token: token, seat: seats[0]).status == 201)
        #expect(try await hold(show, buyer, token: token, seat: seats[1]).status == 201)
        _ = try await buyer.send(method: "DELETE", path: show.queuePath + "/me")
        let replayed = try await hold(show, buyer, token: token, seat: seats[2])
        #expect(replayed.status == 403 && code(replayed) == "admission_required")
        // Back through the line, a fresh admission works again.
        _ = try await show.join(buyer)
        let fresh = try #require(try await show.waitForStatus(buyer) { $0.state == "admitted" }.admissionToken)
        #expect(try await hold(show, buyer, token: fresh, seat: seats[2]).status == 201)
    }

    @Test func aTokenIsDeadOnceItsOrderIsPaid() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let status = try await fixture.show.waitForStatus(fixture.buyer) { $0.state == "admitted" }
        let token = try #require(status.admissionToken)
        let (_, final) = try await fixture.orderAndPay(card: "4242424242424242")
        #expect(final.status == "paid")
        let free = try #require(fixture.show.hall.grades[1].seatIds.first)
        let replayed = try await hold(fixture.show, fixture.buyer, token: token, seat: free)
        #expect(replayed.status == 403 && code(replayed) == "admission_required",
                "\(replayed.status) \(String(decoding: replayed.body, as: UTF8.self))")
        let seats = try await fixture.show.server.client().seats(fixture.show.performance.id)
        #expect(seats.seats.first { $0.id == free }?.state == .available)
    }
}
