import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("WebSocket over real sockets")
struct SocketTests {
    @Test func badMessagesGetAnErrorAndTheSocketStaysOpen() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (_, auth) = try await server.signedUp("buyer")
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: server.port, path: "/v1/ws?token=\(auth.token)", headers: [:])
        for bad in ["not json", "{\"type\":\"dance\"}", "[]"] {
            try await socket.send(text: bad)
            let reply = try await socket.nextJSON(SocketErrorMessage.self, timeout: 30)
            #expect(reply.type == "error")
            #expect(reply.code == "bad_request")
        }
        await socket.close(code: 1000, reason: "done")
    }

    @Test func upgradeWithoutATokenIsRefused() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = WebSocketClient()
        await #expect(throws: (any Error).self) {
            try await socket.connect(host: "127.0.0.1", port: server.port, path: "/v1/ws", headers: [:])
        }
    }
}

@Suite("Live pushes over WebSocket")
struct PushTests {
    private func connect(_ show: ShowFixture, token: String) async throws -> WebSocketClient {
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: show.server.port, path: "/v1/ws?token=\(token)")
        return socket
    }

    /// One admission slot; each admitted buyer leaves in turn, so the line moves exactly when the
    /// test says and the last buyer's pushes can be checked step by step, however loaded the machine.
    @Test func waitingBuyersSeeAheadStrictlyDecreaseUntilAdmitted() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 1)
        defer { Task { await show.server.stop() } }
        var buyers: [(APIClient, AuthResponse)] = []
        for _ in 0..<8 { buyers.append(try await show.server.signedUp("buyer")) }
        for (api, _) in buyers { _ = try await show.join(api) }
        _ = try await show.waitForStatus(buyers[0].0) { $0.state == "admitted" }
        let (_, last) = buyers[7]
        let socket = try await connect(show, token: last.token)
        try await socket.sendJSON(ClientSocketMessage(type: "queue.subscribe", performanceId: show.performance.id))
        var aheads: [Int] = []
        var admitted = false
        var nextToLeave = 0
        while !admitted {
            guard case .text(let text)? = try await socket.receive(timeout: 30) else { break }
            let type = try WireJSON.decode(SocketEnvelope.self, from: Data(text.utf8)).type
            if type == "queue.admitted" {
                admitted = true
            } else if type == "queue.status" {
                let status = try WireJSON.decode(QueueStatusPush.self, from: Data(text.utf8))
                if status.state == "admitted" { admitted = true; continue }
                guard let ahead = status.ahead, aheads.last != ahead else { continue }
                aheads.append(ahead)
                // Free the slot: the buyer at the head leaves and the next one is admitted.
                try await buyers[nextToLeave].0.delete(show.queuePath + "/me")
                nextToLeave += 1
            }
        }
        #expect(admitted)
        #expect(aheads.first == 6)
        #expect(zip(aheads, aheads.dropFirst()).allSatisfy { $0 > $1 }, "ahead went \(aheads)")
        await socket.close()
    }

    /// A buyer admitted before subscribing is told both, in order, and the pushed token works
    /// (the server writes the two frames at once; the client must still read them apart).
    @Test func aBuyerAdmittedBeforeSubscribingGetsTheStatusThenTheToken() async throws {
        let show = try await ShowFixture.make(rate: 50, maxActive: 10)
        defer { Task { await show.server.stop() } }
        let (api, auth) = try await show.server.signedUp("buyer")
        _ = try await show.join(api)
        let joined = try await show.waitForStatus(api) { $0.state == "admitted" }
        let socket = try await connect(show, token: auth.token)
        try await socket.sendJSON(ClientSocketMessage(type: "queue.subscribe", performanceId: show.performance.id))
        let status = try await socket.nextJSON(QueueStatusPush.self, timeout: 30)
        #expect(status.type == "queue.status")
        #expect(status.state == "admitted")
        let admitted = try await socket.nextJSON(QueueAdmittedPush.self, timeout: 30)
        #expect(admitted.type == "queue.admitted")
        #expect(admitted.performanceId == show.performance.id)
        #expect(admitted.admissionToken == joined.admissionToken)
        await socket.close()
    }

    @Test func seatDeltasFollowTheSnapshotWithConsecutiveVersions() async throws {
        let show = try await ShowFixture.make(rate: 50, maxActive: 10)
        defer { Task { await show.server.stop() } }
        let (buyer, auth) = try await show.server.signedUp("buyer")
        _ = try await show.join(buyer)
        let status = try await show.waitForStatus(buyer) { $0.state == "admitted" }
        let token = try #require(status.admissionToken)
        let socket = try await connect(show, token: auth.token)
        try await socket.sendJSON(ClientSocketMessage(type: "seats.subscribe", performanceId: show.performance.id))
        let snapshot = try await socket.nextJSON(SeatsSnapshotPush.self, timeout: 30)
        #expect(snapshot.seats.count == 200)
        let path = "/v1/performances/\(show.performance.id)/holds"
        let seatIds = show.hall.grades[0].seatIds
        var holdId = ""
        for i in 0..<3 {
            let hold = try await buyer.post(path, body: CreateHoldRequest(seatIds: [seatIds[i]]), as: HoldDTO.self,
                                            headers: ["X-Admission-Token": token])
            holdId = hold.holdId
        }
        try await buyer.delete("/v1/holds/\(holdId)")
        var versions: [Int] = []
        for _ in 0..<4 { versions.append(try await socket.nextJSON(SeatsDeltaPush.self, timeout: 30).version) }
        #expect(versions == Array((snapshot.version + 1)...(snapshot.version + 4)))
        let seats = try await show.server.client().seats(show.performance.id)
        #expect(seats.version == snapshot.version + 4)
        #expect(seats.seats.allSatisfy { $0.state == .available })
        await socket.close()
    }
}
