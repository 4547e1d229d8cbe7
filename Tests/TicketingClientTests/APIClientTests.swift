import Foundation
import Testing
import TicketingDomain
import TicketingProtocol
@testable import TicketingClient
@testable import TicketingNet

@Suite("APIClient against a fake API")
struct APIClientTests {
    static let layout = VenueLayout(width: 10, height: 6, stage: Rect(x: 2, y: 0, width: 6, height: 1),
                                    seats: [LayoutSeat(id: "A-1", section: "A", row: "A", number: 1, x: 2, y: 3),
                                            LayoutSeat(id: "A-2", section: "A", row: "A", number: 2, x: 3, y: 3)])

    @Test func sellerFlowRoundTripsTypedBodiesWithTheStoredToken() async throws {
        try await withTestServer(configure: addFakeAPIRoutes) { server in
            let api = APIClient(host: "127.0.0.1", port: server.port)
            #expect(try await api.health().status == "ok")

            let auth = try await api.signup(SignupRequest(email: "s@example.com", password: "secret123",
                                                          name: "Seller", role: "seller"))
            #expect(await api.token == auth.token)
            #expect(try await api.me().user == auth.user)

            let venue = try await api.createVenue(CreateVenueRequest(name: "Hall", layout: Self.layout))
            #expect(venue.ownerId == auth.user.id)
            #expect(try await api.venue(venue.id) == venue)

            let startsAt = Date(timeIntervalSince1970: 1_800_000_000)
            let created = try await api.createPerformance(CreatePerformanceRequest(
                venueId: venue.id, title: "Rush", startsAt: startsAt, saleOpensAt: startsAt - 86_400,
                grades: [GradeSpec(grade: "R", price: 100_000, seatIds: ["A-1", "A-2"])], maxSeatsPerOrder: 2))
            #expect(created.startsAt == startsAt)
            #expect(created.maxSeatsPerOrder == 2)
            #expect(try await api.performance(created.id) == created)
            #expect(try await api.performances().performances == [created])
            let seats = try await api.seats(created.id)
            #expect(seats.seats.map(\.id) == ["A-1", "A-2"])
        }
    }

    @Test func loginStoresTheNewTokenAndBadCredentialsThrowTheEnvelope() async throws {
        try await withTestServer(configure: addFakeAPIRoutes) { server in
            let api = APIClient(host: "127.0.0.1", port: server.port)
            _ = try await api.signup(SignupRequest(email: "b@example.com", password: "secret123",
                                                   name: "Buyer", role: "buyer"))
            await api.setToken(nil)
            await #expect(throws: APIError(status: 401, code: "unauthorized", message: "fake unauthorized",
                                           body: ErrorBody(code: .unauthorized, message: "fake unauthorized"))) {
                try await api.me()
            }
            let auth = try await api.login(LoginRequest(email: "b@example.com", password: "secret123"))
            #expect(await api.token == auth.token)
            #expect(try await api.me().user.email == "b@example.com")

            do {
                _ = try await api.login(LoginRequest(email: "b@example.com", password: "wrong-one"))
                Issue.record("login with a wrong password succeeded")
            } catch let error as APIError {
                #expect(error.status == 401)
                #expect(error.errorCode == .invalidCredentials)
            }
            #expect(await api.token == auth.token)
        }
    }

    @Test func parsesEnvelopeExtrasPlainBodiesAndRetryAfter() async throws {
        try await withTestServer(configure: { server in
            await addHTTPRoutes(to: server)
            await addFakeAPIRoutes(to: server)
        }) { server in
            let api = APIClient(host: "127.0.0.1", port: server.port)
            do {
                let _: HealthResponse = try await api.get("/conflict")
                Issue.record("expected a 409")
            } catch let error as APIError {
                #expect(error.status == 409)
                #expect(error.errorCode == .seatUnavailable)
                #expect(error.body?.unavailable == ["A-1", "A-2"])
            }
            do {
                let _: HealthResponse = try await api.get("/plain-error")
                Issue.record("expected a 502")
            } catch let error as APIError {
                #expect(error.status == 502)
                #expect(error.code == "internal")
                #expect(error.message == "upstream fell over")
                #expect(error.body == nil)
            }
            do {
                let _: HealthResponse = try await api.get("/v1/rate-limited")
                Issue.record("expected a 429")
            } catch let error as APIError {
                #expect(error.errorCode == .rateLimited)
                #expect(error.retryAfter == 7)
            }
            await #expect(throws: APIError.self) { try await api.venue("no such venue") }
        }
    }

    @Test func genericCallsAndRawSend() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let api = APIClient(host: "127.0.0.1", port: server.port, token: "abc")
            let health = try await api.get("/json", as: HealthResponse.self)
            #expect(health.status == "ok")
            try await api.delete("/thing")
            let echoed = try await api.send(method: "POST", path: "/echo", body: Data("{}".utf8),
                                            headers: ["X-Test": "raw"])
            #expect(echoed.headers["x-seen"] == "raw")
            #expect(echoed.body == Data("{}".utf8))
            let missing = try await api.send(method: "GET", path: "/not-found")
            #expect(missing.status == 404)
            await #expect(throws: ResponseDecodingError.self) {
                try await api.post("/echo", body: ["status": 1], as: HealthResponse.self)
            }
        }
    }
}
