import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// A seller, a theatre venue and one performance with the given admission settings.
struct ShowFixture {
    let server: TestServer
    let performance: PerformanceDTO
    let hall: Hall
    let seller: APIClient

    static func make(rate: Double, maxActive: Int, opensIn: TimeInterval = -1, hold: Int = 300,
                     maxSeats: Int = 4, ttl: Int = 600, clock: WallClock = .system) async throws -> ShowFixture {
        try await make(on: try await TestServer.start(clock: clock), rate: rate, maxActive: maxActive, opensIn: opensIn,
                       hold: hold, maxSeats: maxSeats, ttl: ttl)
    }

    static func make(on server: TestServer, rate: Double, maxActive: Int, opensIn: TimeInterval = -1, hold: Int = 300,
                     maxSeats: Int = 4, ttl: Int = 600, refundCutoffHours: Int? = nil) async throws -> ShowFixture {
        let (seller, _) = try await server.signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        var request = VenuePerformanceTests.request(venueId: venue.id, hall: hall, opensIn: opensIn)
        request.admission = AdmissionSpec(ratePerSecond: rate, maxActive: maxActive, tokenTTLSeconds: ttl)
        request.holdSeconds = hold
        request.maxSeatsPerOrder = maxSeats
        request.refundCutoffHours = refundCutoffHours
        return ShowFixture(server: server, performance: try await seller.createPerformance(request), hall: hall,
                           seller: seller)
    }

    var queuePath: String { "/v1/performances/\(performance.id)/queue" }

    func join(_ api: APIClient) async throws -> QueueStatusDTO {
        try await api.post(queuePath, as: QueueStatusDTO.self)
    }

    /// Polls the buyer's own status until `done` holds (bounded; the server pushes the same over WS).
    func waitForStatus(_ api: APIClient, timeout: Duration = .seconds(20),
                       until done: (QueueStatusDTO) -> Bool) async throws -> QueueStatusDTO {
        let deadline = ContinuousClock.now + timeout
        while true {
            let status = try await api.get(queuePath + "/me", as: QueueStatusDTO.self)
            if done(status) || ContinuousClock.now > deadline { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

@Suite("Waiting room over real sockets")
struct QueueTests {
    @Test func thousandConcurrentJoinsGetPositionsWithoutGapsAndLeavesMoveOthersUp() async throws {
        FileLimits.raiseToHardLimit()
        let show = try await ShowFixture.make(rate: 0.0001, maxActive: 1)
        defer { Task { await show.server.stop() } }
        let buyers = try await withThrowingTaskGroup(of: APIClient.self) { group in
            for _ in 0..<1_000 { group.addTask { try await show.server.signedUp("buyer").0 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let statuses = try await withThrowingTaskGroup(of: (Int, QueueStatusDTO).self) { group in
            for (i, buyer) in buyers.enumerated() { group.addTask { (i, try await show.join(buyer)) } }
            return try await group.reduce(into: [Int: QueueStatusDTO]()) { $0[$1.0] = $1.1 }
        }
        let positions = statuses.values.compactMap(\.position).sorted()
        #expect(positions == Array(1...1_000))
        #expect(statuses.values.allSatisfy { $0.ahead.map { $0 + 1 } == $0.position && $0.state == "waiting" })
        // Joining again keeps the place.
        let again = try await show.join(buyers[0])
        #expect(again.position == statuses[0]?.position)

        let leaver = try #require(statuses.first { $0.value.position == 10 }?.key)
        try await buyers[leaver].delete(show.queuePath + "/me")
        for (i, before) in statuses where i != leaver {
            let now = try await buyers[i].get(show.queuePath + "/me", as: QueueStatusDTO.self)
            let expected = before.position! > 10 ? before.position! - 1 : before.position!
            #expect(now.position == expected)
        }
        let stats = try await show.server.client().get(show.queuePath, as: QueueStatsDTO.self)
        #expect(stats.waiting == 999)
    }

    @Test func admissionFollowsJoinOrderAndTokensGateHolds() async throws {
        let show = try await ShowFixture.make(rate: 20, maxActive: 2)
        defer { Task { await show.server.stop() } }
        var buyers: [APIClient] = []
        for _ in 0..<4 { buyers.append(try await show.server.signedUp("buyer").0) }
        for buyer in buyers { _ = try await show.join(buyer) }
        let first = try await show.waitForStatus(buyers[0]) { $0.state == "admitted" }
        let second = try await show.waitForStatus(buyers[1]) { $0.state == "admitted" }
        #expect(first.state == "admitted" && second.state == "admitted")
        #expect(first.position == 0 && first.ahead == 0)
        let third = try await buyers[2].get(show.queuePath + "/me", as: QueueStatusDTO.self)
        #expect(third.state == "waiting" && third.position == 1)

        let token = try #require(first.admissionToken)
        let seat = show.hall.grades[0].seatIds[0]
        let holdPath = "/v1/performances/\(show.performance.id)/holds"
        let body = CreateHoldRequest(seatIds: [seat])
        let held = try await buyers[0].post(holdPath, body: body, as: HoldDTO.self, headers: ["X-Admission-Token": token])
        #expect(held.seatIds == [seat])
        // Another buyer presenting someone else's token, a forged one, or none: admission_required.
        for header in [["X-Admission-Token": token], ["X-Admission-Token": token + "x"], [:]] {
            let refused = await #expect(throws: APIError.self) {
                _ = try await buyers[2].post(holdPath, body: body, as: HoldDTO.self, headers: header)
            }
            #expect(refused?.status == 403 && refused?.code == "admission_required")
        }
        // The seat is taken for everyone else.
        let secondToken = try #require(second.admissionToken)
        let conflict = await #expect(throws: APIError.self) {
            _ = try await buyers[1].post(holdPath, body: body, as: HoldDTO.self, headers: ["X-Admission-Token": secondToken])
        }
        #expect(conflict?.status == 409 && conflict?.code == "seat_unavailable")
        #expect(conflict?.body?.unavailable == [seat])
    }
}
