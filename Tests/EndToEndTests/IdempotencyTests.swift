import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Idempotency-Key on mutating POSTs")
struct IdempotencyTests {
    @Test func sameKeyReplaysAndAnotherBodyIsRefused() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let body = try WireJSON.encode(QuoteRequest(holdId: fixture.hold.holdId))
        let headers = ["Content-Type": "application/json", "Idempotency-Key": "order-attempt-1"]
        let first = try await fixture.buyer.send(method: "POST", path: "/v1/orders", body: body, headers: headers)
        let second = try await fixture.buyer.send(method: "POST", path: "/v1/orders", body: body, headers: headers)
        #expect(first.status == 201 && second.status == 201)
        #expect(second.headers["idempotent-replayed"] == "true")
        let a = try WireJSON.decode(OrderDTO.self, from: first.body)
        let b = try WireJSON.decode(OrderDTO.self, from: second.body)
        #expect(a.orderId == b.orderId)
        #expect(try await fixture.buyer.get("/v1/me/orders", as: OrderList.self).orders.count == 1)

        let other = try WireJSON.encode(QuoteRequest(holdId: fixture.hold.holdId, userCouponIds: []))
        let reused = try await fixture.buyer.send(method: "POST", path: "/v1/orders", body: other, headers: headers)
        #expect(reused.status == 422)
        #expect(try WireJSON.decode(ErrorEnvelope.self, from: reused.body).error.code == "idempotency_key_reused")
    }

    /// What a retry that reached another node looks like to this one: the same order asked for
    /// under keys it has not seen, while the first request still runs. One order, for all.
    @Test func ordersForOneHoldAtOnceUnderOtherKeysMakeOne() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let body = try WireJSON.encode(QuoteRequest(holdId: fixture.hold.holdId))
        let answers = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for attempt in 0..<8 {
                // A client, and so a connection, each: one client's requests would run in turn.
                let client = APIClient(host: "127.0.0.1", port: fixture.show.server.port, token: fixture.auth.token)
                group.addTask {
                    let response = try await client.send(
                        method: "POST", path: "/v1/orders", body: body,
                        headers: ["Content-Type": "application/json", "Idempotency-Key": "order-node-\(attempt)"])
                    return (response.status, response.body)
                }
            }
            return try await group.reduce(into: [(Int, Data)]()) { $0.append($1) }
        }
        #expect(answers.map(\.0) == Array(repeating: 201, count: 8))
        let ids = Set(try answers.map { try WireJSON.decode(OrderDTO.self, from: $0.1).orderId })
        let orders = try await fixture.buyer.get("/v1/me/orders", as: OrderList.self).orders
        #expect(ids.count == 1 && orders.map(\.orderId) == Array(ids), "\(ids) \(orders.map(\.orderId))")
    }

    @Test func concurrentDuplicatesRunOnce() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let body = Data(#"{"email":"twice@example.com","password":"password1","name":"Twice","role":"buyer"}"#.utf8)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await server.client().send(method: "POST", path: "/v1/auth/signup", body: body,
                                                   headers: ["Idempotency-Key": "signup-42"]).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
        #expect(try await server.server.storage.userCount() == 1)
    }
}
