import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// `sales.subscribe`: the seller's live dashboard over the WebSocket.
@Suite("Live sales over WebSocket")
struct SalesFeedTests {
    static func socket(_ show: ShowFixture, token: String) async throws -> WebSocketClient {
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: show.server.port, path: "/v1/ws?token=\(token)")
        return socket
    }

    static func sellerToken(_ show: ShowFixture) async throws -> String {
        let me = try await show.seller.me()
        return try await show.server.client().login(LoginRequest(email: me.user.email, password: "correct horse")).token
    }

    /// The next `sales.snapshot`, skipping anything else the socket says.
    static func nextSnapshot(_ socket: WebSocketClient) async throws -> SalesSnapshotPush {
        while true {
            guard case .text(let text)? = try await socket.receive(timeout: 30) else { throw WebSocketError.notOpen }
            let data = Data(text.utf8)
            if try WireJSON.decode(SocketEnvelope.self, from: data).type == "sales.snapshot" {
                return try WireJSON.decode(SalesSnapshotPush.self, from: data)
            }
        }
    }

    @Test func theSellerSeesEverySecondAndFollowsAHold() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 10)
        defer { Task { await show.server.stop() } }
        let socket = try await Self.socket(show, token: try await Self.sellerToken(show))
        try await socket.sendJSON(ClientSocketMessage(type: "sales.subscribe", performanceId: show.performance.id))
        let first = try await Self.nextSnapshot(socket)
        #expect(first.performanceId == show.performance.id)
        #expect(first.grades.reduce(0) { $0 + $1.available } == show.hall.layout.seats.count)
        #expect(first.grades.allSatisfy { $0.sold == 0 && $0.held == 0 })
        #expect(first.waiting == 0 && first.paymentsPaid == 0 && first.paymentsFailed == 0)

        // Pushed, not polled: three more arrive with nothing asked, about a second apart.
        let start = Date()
        var last = first
        for _ in 0..<3 { last = try await Self.nextSnapshot(socket) }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 1.5 && elapsed < 10, "three snapshots took \(elapsed) s")
        #expect(last.at > first.at)

        let (buyer, token) = try #require(try await HoldTests.admittedBuyers(show, count: 1).first)
        let grade = try #require(show.hall.grades.first)
        _ = try await buyer.post("/v1/performances/\(show.performance.id)/holds",
                                 body: CreateHoldRequest(seatIds: Array(grade.seatIds.prefix(2))), as: HoldDTO.self,
                                 headers: ["X-Admission-Token": token])
        var held = 0
        for _ in 0..<10 where held != 2 {
            held = try await Self.nextSnapshot(socket).grades.first { $0.grade == grade.grade }?.held ?? 0
        }
        #expect(held == 2)
        await socket.close(code: 1000, reason: "done")
    }

    @Test func buyersAndOtherSellersAreRefused() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 10)
        defer { Task { await show.server.stop() } }
        let (_, buyer) = try await show.server.signedUp("buyer")
        let (_, other) = try await show.server.signedUp("seller")
        for token in [buyer.token, other.token] {
            let socket = try await Self.socket(show, token: token)
            try await socket.sendJSON(ClientSocketMessage(type: "sales.subscribe", performanceId: show.performance.id))
            let reply = try await socket.nextJSON(SocketErrorMessage.self, timeout: 30)
            #expect(reply.code == "forbidden")
            await socket.close(code: 1000, reason: "done")
        }
    }
}
