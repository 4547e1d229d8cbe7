import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer
import RouteTesting

/// A server with hour-long settlement periods on a clock the test moves, a seller who owns one
/// performance, and an admin.
struct SettlementFixture {
    let server: TestServer
    let clock: TestClock
    let seller: APIClient
    let sellerId: String
    let admin: APIClient
    let show: ShowFixture

    static let periodSeconds = 3_600

    static func make(closeEvery: Duration = .seconds(3_600), periodSeconds: Int = periodSeconds) async throws -> SettlementFixture {
        let clock = TestClock()
        // Start a few minutes into a period so a run never straddles a boundary by accident.
        let into = Int(Date().timeIntervalSince1970) % periodSeconds
        clock.advance(by: TimeInterval(periodSeconds - into + min(300, periodSeconds / 10)))
        let calendar = try #require(SettlementCalendar(periodSeconds: periodSeconds))
        let server = try await TestServer.start(clock: clock.wallClock) { config in
            config.settlementCalendar = calendar
            config.settlementCloseInterval = closeEvery
        }
        let (seller, auth) = try await server.signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        var request = VenuePerformanceTests.request(venueId: venue.id, hall: hall, opensIn: -1)
        request.admission = AdmissionSpec(ratePerSecond: 1_000, maxActive: 1_000, tokenTTLSeconds: 600)
        let performance = try await seller.createPerformance(request)
        let email = "admin-\(UUID().uuidString.prefix(8))@example.com"
        _ = try await AdminTasks.createAdmin(dataDirectory: server.dataDirectory, email: email,
                                             password: "correct horse", name: "Admin", now: Date())
        let admin = server.client()
        _ = try await admin.login(LoginRequest(email: email, password: "correct horse"))
        return SettlementFixture(server: server, clock: clock, seller: seller, sellerId: auth.user.id, admin: admin,
                                 show: ShowFixture(server: server, performance: performance, hall: hall, seller: seller))
    }

    var salesPath: String { "/v1/seller/performances/\(show.performance.id)/sales" }

    func sales() async throws -> SalesDTO { try await seller.get(salesPath, as: SalesDTO.self) }

    func settlements() async throws -> [SettlementSummaryDTO] {
        try await seller.get("/v1/seller/settlements", as: SettlementList.self).settlements
    }

    func statement(_ id: String) async throws -> SettlementStatementDTO {
        try await seller.get("/v1/seller/settlements/\(id)", as: SettlementStatementDTO.self)
    }

    /// Polls the seller's sales until `done` holds: settlement books events asynchronously.
    func waitForSales(timeout: Duration = .seconds(20), until done: (SalesDTO) -> Bool) async throws -> SalesDTO {
        let deadline = ContinuousClock.now + timeout
        while true {
            let sales = try await sales()
            if done(sales) || ContinuousClock.now > deadline { return sales }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A buyer claims each coupon and waits until every claim is in the issuance log.
    func claim(_ couponIds: [String], buyer: APIClient) async throws -> [String] {
        var ids: [String] = []
        for couponId in couponIds { ids.append(try await buyer.claimCoupon(couponId).userCouponId) }
        await server.server.flushCoupons()
        let mine = try await buyer.myCoupons().coupons
        #expect(Set(mine.filter { $0.status == .issued }.map(\.userCouponId)) == Set(ids))
        return ids
    }
}

/// Half up to whole KRW, as docs/SETTLEMENT.md defines the per-order fee.
func expectedFee(base: Int, basisPoints: Int = 1_000) -> Int {
    (base * basisPoints + 5_000) / 10_000
}
