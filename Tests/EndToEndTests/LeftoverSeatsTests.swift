import TestSupport
import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// The end of a sale over real sockets: a refused best-available answers what is left, and a
/// buyer who allows it gets split seats instead of a refusal.
@Suite("Leftover seats at the end of a sale")
struct LeftoverSeatsTests {
    /// Grade X: seats 1, 2, 4 and 5 of one row of the theatre (seat 3 stays in its own grade),
    /// so X has four free seats and at most two together.
    /// With `onlyX` the show sells nothing but those four seats.
    static func fragmentedShow(onlyX: Bool = false, maxActive: Int = 100) async throws -> (ShowFixture, [String]) {
        let server = try await TestServer.start()
        let (seller, _) = try await server.signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        let rows = Dictionary(grouping: hall.layout.seats) { "\($0.section)|\($0.row)|\($0.y)" }.values
            .map { $0.sorted { $0.x < $1.x } }
            .filter { row in row.count >= 5 && zip(row, row.dropFirst()).prefix(4).allSatisfy { $1.x == $0.x + 1 } }
        let row = try #require(rows.min { $0[0].id < $1[0].id })
        let x = [row[0].id, row[1].id, row[3].id, row[4].id]
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        var request = VenuePerformanceTests.request(venueId: venue.id, hall: hall)
        let others = hall.grades.map { GradeSpec(grade: $0.grade, price: $0.price, seatIds: $0.seatIds.filter { !x.contains($0) }) }
        request.grades = (onlyX ? [] : others) + [GradeSpec(grade: "X", price: 99_000, seatIds: x)]
        request.admission = AdmissionSpec(ratePerSecond: 1_000, maxActive: maxActive, tokenTTLSeconds: 600)
        let performance = try await seller.createPerformance(request)
        return (ShowFixture(server: server, performance: performance, hall: hall, seller: seller), x)
    }

    @Test func aRefusalCarriesWhatIsLeftAndASplitHoldTakesIt() async throws {
        let (show, x) = try await Self.fragmentedShow()
        defer { Task { await show.server.stop() } }
        let buyers = try await HoldTests.admittedBuyers(show, count: 2)
        let (buyer, token) = buyers[0]
        let path = "/v1/performances/\(show.performance.id)/holds"
        let headers = ["X-Admission-Token": token]

        let refusal = await #expect(throws: APIError.self) {
            try await buyer.post(path, body: CreateHoldRequest(grade: "X", count: 3), as: HoldDTO.self, headers: headers)
        }
        #expect(refusal?.status == 409 && refusal?.code == "seat_unavailable")
        let left = try #require(refusal?.body?.remaining)
        #expect(left.first { $0.grade == "X" } == GradeRemainingDTO(grade: "X", free: 4, largestRun: 2))
        #expect(Set(left.map(\.grade)) == Set(show.performance.grades.map(\.grade)), "every grade is answered")
        #expect(left.allSatisfy { $0.grade == "X" || $0.largestRun >= 3 }, "the other grades still have runs")

        let split = try await buyer.post(path, body: CreateHoldRequest(grade: "X", count: 3, allowSplit: true),
                                         as: HoldDTO.self, headers: headers)
        #expect(split.seatIds.count == 3 && Set(split.seatIds).isSubset(of: x))

        // What one buyer holds is gone for the next: one X seat is left, and the answer says so.
        let (other, otherToken) = buyers[1]
        let second = await #expect(throws: APIError.self) {
            try await other.post(path, body: CreateHoldRequest(grade: "X", count: 2, allowSplit: true), as: HoldDTO.self,
                                 headers: ["X-Admission-Token": otherToken])
        }
        #expect(second?.body?.remaining?.first { $0.grade == "X" } == GradeRemainingDTO(grade: "X", free: 1, largestRun: 1))
        let last = try await other.post(path, body: CreateHoldRequest(grade: "X", count: 1), as: HoldDTO.self,
                                        headers: ["X-Admission-Token": otherToken])
        #expect(Set(split.seatIds + last.seatIds) == Set(x))
    }

    @Test func waitingBuyersAreToldOnceNothingIsLeft() async throws {
        let (show, x) = try await Self.fragmentedShow(onlyX: true, maxActive: 1)
        defer { Task { await show.server.stop() } }
        let (buyer, auth) = try await show.server.signedUp("buyer")
        _ = try await show.join(buyer)
        let admission = try #require(try await show.waitForStatus(buyer) { $0.state == "admitted" }.admissionToken)
        let (watcher, watcherAuth) = try await show.server.signedUp("buyer")
        #expect(try await show.join(watcher).state == "waiting")
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: show.server.port, path: "/v1/ws?token=\(watcherAuth.token)")
        try await socket.sendJSON(ClientSocketMessage(type: "queue.subscribe", performanceId: show.performance.id))
        #expect(try await socket.nextJSON(QueueStatusPush.self, timeout: 30).state == "waiting")

        let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                        body: CreateHoldRequest(grade: "X", count: 4, allowSplit: true), as: HoldDTO.self,
                                        headers: ["X-Admission-Token": admission])
        #expect(Set(hold.seatIds) == Set(x), "four seats in two pairs: a split hold")
        #expect(try await show.join(watcher).state == "waiting", "held seats may come back: still waiting")
        let (_, final) = try await CheckoutFixture(show: show, buyer: buyer, auth: auth, hold: hold)
            .orderAndPay(card: "4242424242424242")
        #expect(final.status == "paid")

        var state = "waiting"
        for _ in 0..<20 where state != "sold_out" {
            state = try await socket.nextJSON(QueueStatusPush.self, timeout: 30).state
        }
        #expect(state == "sold_out", "the waiting buyer is told, not admitted to nothing")
        #expect(try await watcher.get(show.queuePath + "/me", as: QueueStatusDTO.self).state == "sold_out")
        await socket.close()
    }
}
