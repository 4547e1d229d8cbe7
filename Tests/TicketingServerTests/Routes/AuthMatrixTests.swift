import Foundation
import RouteTesting
import Testing
import TicketingProtocol
import TicketingServer

@Suite("Authorization matrix, in-process")
struct AuthMatrixTests {
    @Test func theRouteTableDecidesWhatIsTested() async throws {
        let served = try await InProcessServer.test { server in
            Set(server.server.routes.filter { !$0.pattern.hasPrefix("/sandbox-gateway") }
                .map { "\($0.method) \($0.pattern)" })
        }
        let cased = Set(AuthCase.all.map(\.route))
        #expect(cased.count == AuthCase.all.count, "a route has two cases")
        let missing = served.subtracting(cased).subtracting(AuthCase.publicRoutes)
        #expect(missing.isEmpty, "served routes with no auth case: \(missing.sorted())")
        let stale = cased.union(AuthCase.publicRoutes).subtracting(served)
        #expect(stale.isEmpty, "cases for routes the server does not serve: \(stale.sorted())")
        #expect(cased.isDisjoint(with: AuthCase.publicRoutes))
        for route in AuthCase.all {
            #expect(Set(route.intruders.keys) == Set(Intruder.allCases), "\(route.route) misses an intruder")
        }
    }

    @Test func everyProtectedRouteRefusesBadTokensAndIntruders() async throws {
        let world = try await AuthWorld.make()
        defer { Task { await world.stop() } }
        let wire = world.server.client()
        // Controls: a token signed with the data dir's secret is accepted while fresh, so the
        // expired one below is refused for its expiry and not for a wrong signing recipe.
        let control = try await wire.send(method: "GET", path: "/v1/me",
                                          headers: bearer(world.freshToken(for: world.victim)))
        #expect(control.status == 200 && text(control).contains(world.victim.auth.user.email))

        let badTokens: [(String, [String: String])] = [
            ("no token", [:]),
            ("garbage", bearer("not-a-token")),
            ("empty bearer", ["Authorization": "Bearer "]),
            ("basic scheme", ["Authorization": "Basic \(Data(world.victim.token.utf8).base64EncodedString())"]),
            ("expired", bearer(world.expiredToken(for: world.victim))),
            ("signed with a foreign key", bearer(world.foreignKeyToken())),
            ("payload changed under a genuine signature", bearer(world.tamperedToken())),
            ("admission token as bearer", bearer(world.admission)),
        ]
        for route in AuthCase.all {
            let path = route.path(world)
            let body = route.body(world)
            for (name, auth) in badTokens {
                let response = try await wire.send(method: route.method, path: path, body: body,
                                                   headers: route.headers(world).merging(auth) { $1 })
                #expect(response.status == 401 && errorCode(response) == "unauthorized",
                        "\(route.route) with \(name): \(response.status) \(text(response))")
                expectNothingLeaked(response, world: world, context: "\(route.route) with \(name)")
            }
            for intruder in Intruder.allCases {
                guard let expectation = route.intruders[intruder] else { continue }
                if case .notApplicable = expectation { continue }
                let account = route.account(intruder, in: world)
                let response = try await wire.send(method: route.method, path: path, body: body,
                                                   headers: route.headers(world).merging(bearer(account.token)) { $1 })
                let context = "\(route.route) as \(intruder): expected \(expectation), got \(response.status) \(text(response))"
                switch expectation {
                case .refused(let status, let code):
                    #expect(response.status == status && errorCode(response) == code, "\(context)")
                case .ownOnly:
                    #expect((200..<300).contains(response.status), "\(context)")
                case .notApplicable:
                    break
                }
                expectNothingLeaked(response, world: world, context: context)
            }
        }
        for query in ["token=not-a-token", "token=\(world.expiredToken(for: world.victim))", "token=\(world.foreignKeyToken())"] {
            let response = try await wire.send(method: "GET", path: "/v1/ws?\(query)",
                                               headers: AuthCase.all.first { $0.pattern == "/v1/ws" }?.headers(world) ?? [:])
            #expect(response.status == 401, "websocket with \(query.prefix(20)): \(response.status)")
        }
        try await expectPublicRoutesArePublic(world)
        try await expectVictimUntouched(world)
    }

    @Test func admissionTokensAreBoundToBuyerPerformanceAndTime() async throws {
        let world = try await AuthWorld.make()
        defer { Task { await world.stop() } }
        let wire = world.server.client()
        // The attacker is in A's admitted set, so each refusal below is the token's, not the line's.
        _ = try await world.showA.join(world.attacker.api)
        _ = try await world.showA.waitForStatus(world.attacker.api) { $0.state == "admitted" }
        let pathA = "/v1/performances/\(world.performanceA)/holds"
        let pathB = "/v1/performances/\(world.performanceB)/holds"
        let seatB = try #require(world.showB.hall.grades.first?.seatIds.first)
        let bodyA = try WireJSON.encode(CreateHoldRequest(seatIds: [world.freeSeat]))
        let bodyB = try WireJSON.encode(CreateHoldRequest(seatIds: [seatB]))
        let genuine = world.admission.split(separator: ".").map(String.init)
        let retargeted = try #require(Base64URL.decode(genuine[0]).flatMap { payload in
            String(decoding: payload, as: UTF8.self).replacingOccurrences(of: world.performanceA, with: world.performanceB)
                .data(using: .utf8).map { Base64URL.encode(Array($0)) }
        })
        let attempts: [(String, AuthWorld.Account, String, Data, String)] = [
            ("the victim's token replayed on another performance", world.victim, pathB, bodyB, world.admission),
            ("another buyer's token", world.attacker, pathA, bodyA, world.admission),
            ("expired, signed with the server's secret", world.attacker, pathA, bodyA,
             world.admissionToken(performanceId: world.performanceA, userId: world.attacker.id, expiresIn: -5)),
            ("an access token", world.victim, pathA, bodyA, world.victim.token),
            ("the genuine signature over another performance", world.victim, pathB, bodyB,
             retargeted + "." + genuine[1]),
            ("garbage", world.victim, pathA, bodyA, "garbage"),
        ]
        for (name, account, path, body, token) in attempts {
            let response = try await wire.send(method: "POST", path: path, body: body,
                                               headers: bearer(account.token).merging(["X-Admission-Token": token]) { $1 })
            #expect(response.status == 403 && errorCode(response) == "admission_required",
                    "\(name): \(response.status) \(text(response))")
        }
        // Control: the same recipe with a future expiry admits the attacker, so the refusals
        // above come from the binding and the clock, not from a token the server cannot read.
        let fresh = world.admissionToken(performanceId: world.performanceA, userId: world.attacker.id, expiresIn: 60)
        let held = try await wire.send(method: "POST", path: pathA, body: bodyA,
                                       headers: bearer(world.attacker.token).merging(["X-Admission-Token": fresh]) { $1 })
        #expect(held.status == 201, "control: \(held.status) \(text(held))")
    }

    /// The exemption list is checked too: each public route answers 2xx without a token.
    private func expectPublicRoutesArePublic(_ world: AuthWorld) async throws {
        let wire = world.server.client()
        let signup = try WireJSON.encode(SignupRequest(email: "walk-in@example.com", password: "correct horse",
                                                       name: "Walk-in", role: "buyer"))
        let login = try WireJSON.encode(LoginRequest(email: world.victim.auth.user.email, password: "correct horse"))
        for route in AuthCase.publicRoutes.sorted() {
            let parts = route.split(separator: " ").map(String.init)
            let path = parts[1].replacingOccurrences(of: "/v1/venues/:id", with: "/v1/venues/\(world.showA.performance.venueId)")
                .replacingOccurrences(of: ":id", with: world.performanceA)
            let body = path.hasSuffix("signup") ? signup : path.hasSuffix("login") ? login : nil
            let response = try await wire.send(method: parts[0], path: path, body: body)
            #expect((200..<300).contains(response.status), "public \(route): \(response.status) \(text(response))")
        }
    }

    // MARK: Helpers

    private func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    private func text(_ response: RouteResponse) -> String { response.text }

    private func errorCode(_ response: RouteResponse) -> String? { response.errorCode }

    /// Never a server error, an error body holds only the envelope, and no answer carries the
    /// victim's identity or things.
    private func expectNothingLeaked(_ response: RouteResponse, world: AuthWorld, context: String) {
        #expect(response.status < 500, "\(context)")
        if response.status >= 400 {
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            #expect(object.map { Array($0.keys) } == ["error"], "\(context): not an error envelope")
        }
        let body = text(response)
        for marker in world.victimMarkers {
            #expect(!body.contains(marker), "\(context): the answer leaks \(marker)")
        }
    }

    /// After every intrusion the victim's order, hold, place and coupon are as they were, and
    /// refused creations left nothing behind.
    private func expectVictimUntouched(_ world: AuthWorld) async throws {
        let order = try await world.victim.api.get("/v1/orders/\(world.order.orderId)", as: OrderDTO.self)
        #expect(order.status == "pending_payment")
        let seats = try await world.server.client().get("/v1/performances/\(world.performanceA)/seats",
                                                         as: SeatsResponse.self)
        let held = Set(seats.seats.filter { $0.state == .held }.map(\.id))
        #expect(held == Set(world.hold.seatIds))
        let place = try await world.victim.api.get("/v1/performances/\(world.performanceA)/queue/me", as: QueueStatusDTO.self)
        #expect(place.state == "admitted")
        let coupons = try await world.victim.api.get("/v1/me/coupons", as: UserCouponList.self).coupons
        #expect(coupons.map(\.userCouponId) == [world.userCouponId])
        let anonymous = world.server.client()
        #expect(try await anonymous.get("/v1/performances", as: PerformanceList.self).performances.count == 2)
        #expect(try await anonymous.get("/v1/coupons", as: CouponList.self).coupons.count == 1)
        #expect(try await anonymous.get("/v1/venues", as: VenueList.self).venues.count == 2)
    }
}
