import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

@Suite("Settlement access and scheduling")
struct SettlementAccessTests {
    @Test func sellersSeeOnlyTheirOwnBuyersNoneAndAdminsAll() async throws {
        let fx = try await SettlementFixture.make()
        defer { Task { await fx.server.stop() } }
        // With no sales yet the open statement of the current period is there, at zero.
        let open = try #require(try await fx.settlements().first)
        #expect(open.status == "open" && open.gross == 0 && open.payout == 0 && open.sellerId == fx.sellerId)
        #expect(open.periodStart <= fx.clock.wallClock.now() && fx.clock.wallClock.now() < open.periodEnd)
        #expect(try await fx.statement(open.id).lines.isEmpty)
        let csv = try await fx.seller.send(method: "GET", path: "/v1/seller/settlements/\(open.id)", headers: ["Accept": "text/csv"])
        #expect(String(decoding: csv.body, as: UTF8.self) == "entryId,occurredAt,orderId,account,debit,credit,description\r\n")

        let (buyer, _) = try await fx.server.signedUp("buyer")
        let (rival, _) = try await fx.server.signedUp("seller")
        let anonymous = fx.server.client()
        func status(_ api: APIClient, _ method: String, _ path: String, body: String? = nil) async throws -> Int {
            try await api.send(method: method, path: path, body: body.map { Data($0.utf8) }).status
        }
        let statementPath = "/v1/seller/settlements/\(open.id)"
        let close = "/v1/admin/settlements/close"
        let until = #"{"until":"2026-01-01T00:00:00Z"}"#
        #expect(try await status(buyer, "GET", fx.salesPath) == 403)
        #expect(try await status(buyer, "GET", "/v1/seller/settlements") == 403)
        #expect(try await status(buyer, "GET", statementPath) == 403)
        #expect(try await status(rival, "GET", fx.salesPath) == 403)
        #expect(try await status(rival, "GET", statementPath) == 404)
        #expect(try await status(rival, "GET", "/v1/seller/performances/prf_nope/sales") == 404)
        #expect(try await status(anonymous, "GET", "/v1/seller/settlements") == 401)
        #expect(try await status(fx.seller, "POST", close, body: until) == 403)
        #expect(try await status(fx.seller, "GET", "/v1/admin/platform") == 403)
        #expect(try await status(fx.seller, "PUT", "/v1/admin/sellers/\(fx.sellerId)/fee-rate", body: #"{"basisPoints":0}"#) == 403)
        #expect(try await status(fx.seller, "POST", "/v1/admin/settlements/\(open.id)/pay") == 403)
        #expect(try await status(fx.admin, "POST", close, body: "{}") == 400)
        #expect(try await status(fx.admin, "POST", close, body: until) == 200)
        #expect(try await status(fx.admin, "POST", "/v1/admin/settlements/stl_nope/pay") == 404)

        // Admins read any seller's sales and statements; a rival's list holds only its own.
        #expect(try await fx.admin.get(fx.salesPath, as: SalesDTO.self).ticketsSold == 0)
        #expect(try await rival.get("/v1/seller/settlements", as: SettlementList.self).settlements.allSatisfy {
            $0.sellerId != fx.sellerId
        })
        let listed = try await fx.admin.get("/v1/seller/settlements?sellerId=\(fx.sellerId)", as: SettlementList.self)
        #expect(listed.settlements.map(\.id) == [open.id])

        let rate = try await fx.admin.send(method: "PUT", path: "/v1/admin/sellers/\(fx.sellerId)/fee-rate",
                                           body: Data(#"{"basisPoints":850}"#.utf8))
        #expect(rate.status == 200)
        #expect(try WireJSON.decode(FeeRateDTO.self, from: rate.body) == FeeRateDTO(sellerId: fx.sellerId, basisPoints: 850))
        #expect(try await status(fx.admin, "PUT", "/v1/admin/sellers/\(fx.sellerId)/fee-rate", body: #"{"basisPoints":10001}"#) == 400)
        let buyerId = try await buyer.me().user.id
        #expect(try await status(fx.admin, "PUT", "/v1/admin/sellers/\(buyerId)/fee-rate", body: #"{"basisPoints":500}"#) == 404)
    }

    /// The server's own timer closes a period once it has ended.
    @Test func theScheduleClosesEndedPeriods() async throws {
        let fx = try await SettlementFixture.make(closeEvery: .milliseconds(50), periodSeconds: 600)
        defer { Task { await fx.server.stop() } }
        let checkout = try await CheckoutFixture.make(seats: 1, show: fx.show)
        let (_, paid) = try await checkout.orderAndPay(card: "4242424242424242")
        #expect(paid.status == "paid")
        _ = try await fx.waitForSales { $0.ticketsSold == 1 }
        let open = try #require(try await fx.settlements().first { $0.gross > 0 })
        #expect(open.status == "open")
        fx.clock.advance(by: 600)
        let deadline = ContinuousClock.now + .seconds(20)
        var current = open
        while current.status == "open", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            current = try await fx.statement(open.id).summary
        }
        #expect(current.status == "closed")
        #expect(current.gross == open.gross && current.payout == open.payout)
    }
}
