import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// Issue #21: best available on a venue posted through the API whose seats sit two cells apart.
@Suite("Best available on any layout")
struct WideSpacingHoldTests {
    @Test func seatsTwoCellsApartAreHeldTogether() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        // Five rows of 20 at x = 4, 6, 8, …, 42: every seat of one grade, all free.
        let seats = (1...5).flatMap { row in
            (1...20).map { n in LayoutSeat(id: "F-\(row)-\(n)", section: "F", row: "\(row)", number: n, x: 2 + 2 * n, y: 4 + 2 * row) }
        }
        let layout = VenueLayout(width: 48, height: 16, stage: Rect(x: 10, y: 0, width: 28, height: 3), seats: seats)
        let venue = try await seller.createVenue(CreateVenueRequest(name: "Wide Hall", layout: layout))
        let request = CreatePerformanceRequest(
            venueId: venue.id, title: "Wide Night", startsAt: Date().addingTimeInterval(86_400 * 30),
            saleOpensAt: Date().addingTimeInterval(-60), grades: [GradeSpec(grade: "R", price: 50_000, seatIds: seats.map(\.id))],
            holdSeconds: 300, maxSeatsPerOrder: 4,
            admission: AdmissionSpec(ratePerSecond: 1_000, maxActive: 100, tokenTTLSeconds: 600))
        let show = ShowFixture(server: server, performance: try await seller.createPerformance(request),
                               hall: try VenuePerformanceTests.hall("theatre.hall"), seller: seller)
        let (buyer, _) = try await server.signedUp("buyer")
        _ = try await show.join(buyer)
        let token = try #require(try await show.waitForStatus(buyer) { $0.admissionToken != nil }.admissionToken)
        let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                        body: CreateHoldRequest(grade: "R", count: 3), as: HoldDTO.self,
                                        headers: ["X-Admission-Token": token])
        let byId = Dictionary(uniqueKeysWithValues: seats.map { ($0.id, $0) })
        let held = try hold.seatIds.map { try #require(byId[$0]) }.sorted { $0.x < $1.x }
        #expect(held.count == 3 && Set(held.map(\.row)).count == 1, "\(hold.seatIds)")
        #expect(zip(held, held.dropFirst()).allSatisfy { $1.number == $0.number + 1 }, "side by side: \(hold.seatIds)")
        #expect(held.first?.row == "1", "front row: \(hold.seatIds)")
    }
}
