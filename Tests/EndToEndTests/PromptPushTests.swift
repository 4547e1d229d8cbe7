import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Queue pushes after a quiet spell")
struct PromptPushTests {
    /// The scheduler's tick is 30 s here, so a change that waited for the tick (as every change
    /// did before) would not arrive within the 10 s this test allows.
    @Test func aBuyerLeavingAStillLineIsHeardBeforeTheNextTick() async throws {
        let server = try await TestServer.start { $0.tick = .seconds(30) }
        defer { Task { await server.stop() } }
        let show = try await ShowFixture.make(on: server, rate: 0.001, maxActive: 1)
        var buyers: [(APIClient, AuthResponse)] = []
        for _ in 0..<3 { buyers.append(try await server.signedUp("buyer")) }
        for (api, _) in buyers { _ = try await show.join(api) }
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: server.port, path: "/v1/ws?token=\(buyers[2].1.token)")
        try await socket.sendJSON(ClientSocketMessage(type: "queue.subscribe", performanceId: show.performance.id))
        let first = try await socket.nextJSON(QueueStatusPush.self, timeout: 10)
        let ahead = try #require(first.ahead)
        #expect(ahead >= 1, "the second buyer waits ahead of the third")

        try await buyers[1].0.delete(show.queuePath + "/me")
        let started = ContinuousClock.now
        var heard: Int?
        while heard == nil, ContinuousClock.now - started < .seconds(10) {
            guard case .text(let text)? = try await socket.receive(timeout: 10) else { break }
            guard let push = try? WireJSON.decode(QueueStatusPush.self, from: Data(text.utf8)),
                  push.type == "queue.status", let now = push.ahead, now < ahead else { continue }
            heard = now
        }
        #expect(heard == ahead - 1)
        await socket.close()
    }

    /// A buyer who joins while there is room is admitted within moments, not on the next tick
    /// (30 s here). The first scheduler step only starts the admission rate's clock (one buyer per
    /// 0.1 ms at this rate), so later joins give the steps that admit the first: two joins can
    /// land within 0.1 ms of each other, so buyers go on joining until the first is admitted.
    @Test func aBuyerJoiningWhileThereIsRoomIsAdmittedBeforeTheNextTick() async throws {
        let server = try await TestServer.start { $0.tick = .seconds(30) }
        defer { Task { await server.stop() } }
        let show = try await ShowFixture.make(on: server, rate: 10_000, maxActive: 10)
        let (first, _) = try await server.signedUp("buyer")
        _ = try await show.join(first)
        var status = try await first.get(show.queuePath + "/me", as: QueueStatusDTO.self)
        for _ in 0..<8 where status.state != "admitted" {
            let (next, _) = try await server.signedUp("buyer")
            _ = try await show.join(next)
            status = try await first.get(show.queuePath + "/me", as: QueueStatusDTO.self)
        }
        // The last join's step may still be running: well under the 30 s tick either way.
        status = try await show.waitForStatus(first, timeout: .seconds(10)) { $0.state == "admitted" }
        #expect(status.state == "admitted")
        #expect(status.admissionToken != nil)
    }
}
