import TestSupport
import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer
import RouteTesting

@Suite("Seat holds: expiry and restart (the race is Contract/SeatHoldRaceTests, per backend)")
struct HoldTests {
    /// Admits `count` buyers and returns each with its admission token.
    static func admittedBuyers(_ show: ShowFixture, count: Int) async throws -> [(APIClient, String)] {
        let buyers = try await withThrowingTaskGroup(of: APIClient.self) { group in
            for _ in 0..<count { group.addTask { try await show.server.signedUp("buyer").0 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for buyer in buyers { _ = try await show.join(buyer) }
        var admitted: [(APIClient, String)] = []
        for buyer in buyers {
            let status = try await show.waitForStatus(buyer) { $0.state == "admitted" }
            admitted.append((buyer, try #require(status.admissionToken)))
        }
        return admitted
    }

    @Test func expiredHoldsReturnSeatsAndNotifyTheHolder() async throws {
        let clock = TestClock()
        let show = try await ShowFixture.make(rate: 100, maxActive: 10, hold: 60, clock: clock.wallClock)
        defer { Task { await show.server.stop() } }
        let (buyer, token) = try #require(try await Self.admittedBuyers(show, count: 1).first)
        let me = try await buyer.me()
        let auth = try await show.server.client().login(LoginRequest(email: me.user.email, password: "correct horse"))
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: show.server.port, path: "/v1/ws?token=\(auth.token)")
        try await socket.sendJSON(ClientSocketMessage(type: "seats.subscribe", performanceId: show.performance.id))
        _ = try await socket.nextJSON(SeatsSnapshotPush.self, timeout: 30)
        let seats = Array(show.hall.grades[0].seatIds.prefix(2))
        let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                        body: CreateHoldRequest(seatIds: seats), as: HoldDTO.self,
                                        headers: ["X-Admission-Token": token])
        #expect(try await socket.nextJSON(SeatsDeltaPush.self, timeout: 30).changes.allSatisfy { $0.state == "held" })
        clock.advance(by: 61)
        var expired = false
        var returned = false
        while !(expired && returned) {
            guard case .text(let text)? = try await socket.receive(timeout: 30) else { break }
            let type = try WireJSON.decode(SocketEnvelope.self, from: Data(text.utf8)).type
            if type == "hold.expired" {
                expired = try WireJSON.decode(HoldExpiredPush.self, from: Data(text.utf8)).holdId == hold.holdId
            } else if type == "seats.delta" {
                let delta = try WireJSON.decode(SeatsDeltaPush.self, from: Data(text.utf8))
                returned = Set(delta.changes.map(\.id)) == Set(seats) && delta.changes.allSatisfy { $0.state == "available" }
            }
        }
        #expect(expired && returned)
        let gone = await #expect(throws: APIError.self) { try await buyer.delete("/v1/holds/\(hold.holdId)") }
        #expect(gone?.status == 410)
        await socket.close()
    }

    @Test func expiredAdmissionTokensAreRefused() async throws {
        let clock = TestClock()
        let show = try await ShowFixture.make(rate: 100, maxActive: 10, ttl: 60, clock: clock.wallClock)
        defer { Task { await show.server.stop() } }
        let (buyer, token) = try #require(try await Self.admittedBuyers(show, count: 1).first)
        clock.advance(by: 61)
        let refused = await #expect(throws: APIError.self) {
            _ = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                     body: CreateHoldRequest(seatIds: [show.hall.grades[0].seatIds[0]]),
                                     as: HoldDTO.self, headers: ["X-Admission-Token": token])
        }
        #expect(refused?.code == "admission_required")
    }

    @Test func queueOrderHoldsAndSoldStateSurviveARestart() async throws {
        let show = try await ShowFixture.make(rate: 0.0001, maxActive: 1)
        var buyers: [(APIClient, AuthResponse)] = []
        for _ in 0..<5 { buyers.append(try await show.server.signedUp("buyer")) }
        var before: [String: Int] = [:]
        for (api, auth) in buyers { before[auth.user.id] = try await show.join(api).position }
        await show.server.stop()

        let again = try await TestServer.start(dataDirectory: show.server.dataDirectory)
        defer { Task { await again.stop() } }
        for (_, auth) in buyers {
            let api = again.client()
            await api.setToken(auth.token)
            let status = try await api.get("/v1/performances/\(show.performance.id)/queue/me", as: QueueStatusDTO.self)
            #expect(status.position == before[auth.user.id])
        }
    }

    @Test func heldSeatsSurviveARestart() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 10)
        let (buyer, token) = try #require(try await Self.admittedBuyers(show, count: 1).first)
        let seats = Array(show.hall.grades[1].seatIds.prefix(3))
        let hold = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                        body: CreateHoldRequest(seatIds: seats), as: HoldDTO.self,
                                        headers: ["X-Admission-Token": token])
        await show.server.stop()
        let again = try await TestServer.start(dataDirectory: show.server.dataDirectory)
        defer { Task { await again.stop() } }
        let listed = try await again.client().seats(show.performance.id)
        #expect(Set(listed.seats.filter { $0.state == .held }.map(\.id)) == Set(seats))
        _ = hold
    }
}
