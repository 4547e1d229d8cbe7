import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer
import RouteTesting

@Suite("Rate limits and login lockout over real sockets")
struct RateLimitTests {
    /// A limit of `burst` requests that takes far longer than a test to refill.
    private static func tight(_ burst: Double) -> RateLimit { RateLimit(burst: burst, perSecond: 0.001) }

    @Test func fiveWrongPasswordsLockAnEmailForFifteenMinutesAndSuccessResetsTheCount() async throws {
        let clock = TestClock()
        // The per-email bucket is widened so only the lockout decides here.
        let server = try await TestServer.start(clock: clock.wallClock) {
            $0.rateLimits.perAccountLogin = RateLimit(burst: 100, perSecond: 100)
        }
        defer { Task { await server.stop() } }
        let (_, victim) = try await server.signedUp("buyer")
        let (_, bystander) = try await server.signedUp("buyer")
        let email = victim.user.email
        let api = server.client()
        // Four failures, then the right password: the run is broken and the count starts again.
        for _ in 0..<4 { try expectStatus(401, "invalid_credentials", await login(api, email, "wrong password")) }
        try expectStatus(200, nil, await login(api, email, "correct horse"))
        for _ in 0..<4 { try expectStatus(401, "invalid_credentials", await login(api, email, "wrong password")) }
        try expectStatus(200, nil, await login(api, email, "correct horse"))
        // Five in a row lock the email: even the right password is refused until it ends.
        for _ in 0..<5 { try expectStatus(401, "invalid_credentials", await login(api, email, "wrong password")) }
        let locked = try await login(api, email, "correct horse")
        try expectStatus(429, "rate_limited", locked)
        let retryAfter = try #require(locked.header("Retry-After").flatMap(Int.init))
        #expect((890...900).contains(retryAfter))
        try expectStatus(200, nil, await login(api, bystander.user.email, "correct horse"))
        clock.advance(by: 600)
        let later = try await login(api, email, "correct horse")
        try expectStatus(429, "rate_limited", later)
        #expect(later.header("Retry-After").flatMap(Int.init).map { $0 <= 300 } == true)
        clock.advance(by: 301)
        try expectStatus(200, nil, await login(api, email, "correct horse"))
    }

    @Test func unknownEmailsLockToo() async throws {
        let server = try await TestServer.start { $0.rateLimits.loginLockout = LockoutPolicy(failures: 2, duration: 60) }
        defer { Task { await server.stop() } }
        let api = server.client()
        for _ in 0..<2 { try expectStatus(401, "invalid_credentials", await login(api, "ghost@example.com", "guess-1234")) }
        // The answer does not tell an attacker whether the account exists.
        try expectStatus(429, "rate_limited", await login(api, "ghost@example.com", "guess-1234"))
    }

    @Test func loginIsLimitedPerAddressAndPerEmail() async throws {
        let perAddress = try await TestServer.start { $0.rateLimits.perAddressLogin = Self.tight(3) }
        defer { Task { await perAddress.stop() } }
        let api = perAddress.client()
        for index in 0..<3 {
            try expectStatus(401, "invalid_credentials", await login(api, "user\(index)@example.com", "whatever-1"))
        }
        let limited = try await login(api, "user9@example.com", "whatever-1")
        try expectStatus(429, "rate_limited", limited)
        #expect(limited.header("Retry-After").flatMap(Int.init).map { $0 >= 1 } == true)

        let perEmail = try await TestServer.start { $0.rateLimits.perAccountLogin = Self.tight(2) }
        defer { Task { await perEmail.stop() } }
        let (_, buyer) = try await perEmail.signedUp("buyer")
        let (_, other) = try await perEmail.signedUp("buyer")
        let wire = perEmail.client()
        for _ in 0..<2 { try expectStatus(200, nil, await login(wire, buyer.user.email, "correct horse")) }
        try expectStatus(429, "rate_limited", await login(wire, buyer.user.email, "correct horse"))
        try expectStatus(200, nil, await login(wire, other.user.email, "correct horse"))
    }

    @Test func joiningIsLimitedPerBuyerAndPerAddress() async throws {
        let perUser = try await TestServer.start { $0.rateLimits.perUserJoin = Self.tight(2) }
        defer { Task { await perUser.stop() } }
        let show = try await ShowFixture.make(on: perUser, rate: 0.001, maxActive: 1)
        let (buyer, _) = try await perUser.signedUp("buyer")
        let (other, _) = try await perUser.signedUp("buyer")
        for _ in 0..<2 { try expectStatus(200, nil, await buyer.send(method: "POST", path: show.queuePath)) }
        try expectStatus(429, "rate_limited", await buyer.send(method: "POST", path: show.queuePath))
        try expectStatus(200, nil, await other.send(method: "POST", path: show.queuePath))

        let perAddress = try await TestServer.start { $0.rateLimits.perAddressJoin = Self.tight(3) }
        defer { Task { await perAddress.stop() } }
        let crowded = try await ShowFixture.make(on: perAddress, rate: 0.001, maxActive: 1)
        for _ in 0..<3 {
            let (someone, _) = try await perAddress.signedUp("buyer")
            try expectStatus(200, nil, await someone.send(method: "POST", path: crowded.queuePath))
        }
        let (late, _) = try await perAddress.signedUp("buyer")
        try expectStatus(429, "rate_limited", await late.send(method: "POST", path: crowded.queuePath))
    }

    @Test func claimingIsLimitedPerBuyerAndPerAddress() async throws {
        let perUser = try await TestServer.start { $0.rateLimits.perUserClaim = Self.tight(2) }
        defer { Task { await perUser.stop() } }
        let (seller, _) = try await perUser.signedUp("seller")
        let coupon = try await seller.createCoupon(CreateCouponRequest(name: "C", kind: "fixed", amount: 100, totalQuantity: 9))
        let (buyer, _) = try await perUser.signedUp("buyer")
        let path = "/v1/coupons/\(coupon.id)/claim"
        try expectStatus(202, nil, await buyer.send(method: "POST", path: path))
        try expectStatus(409, "already_claimed", await buyer.send(method: "POST", path: path))
        try expectStatus(429, "rate_limited", await buyer.send(method: "POST", path: path))

        let perAddress = try await TestServer.start { $0.rateLimits.perAddressClaim = Self.tight(2) }
        defer { Task { await perAddress.stop() } }
        let (owner, _) = try await perAddress.signedUp("seller")
        let stock = try await owner.createCoupon(CreateCouponRequest(name: "D", kind: "fixed", amount: 100, totalQuantity: 9))
        for _ in 0..<2 {
            let (someone, _) = try await perAddress.signedUp("buyer")
            try expectStatus(202, nil, await someone.send(method: "POST", path: "/v1/coupons/\(stock.id)/claim"))
        }
        let (late, _) = try await perAddress.signedUp("buyer")
        try expectStatus(429, "rate_limited", await late.send(method: "POST", path: "/v1/coupons/\(stock.id)/claim"))
        // Refused claims took nothing from the stock.
        #expect(try await perAddress.client().coupons().coupons.first?.remaining == 7)
    }

    @Test func signingUpIsLimitedPerAddress() async throws {
        let server = try await TestServer.start { $0.rateLimits.perAddressSignup = Self.tight(3) }
        let api = server.client()
        for index in 0..<3 { try expectStatus(201, nil, await signup(api, "farm\(index)@example.com")) }
        let refused = try await signup(api, "farm3@example.com")
        try expectStatus(429, "rate_limited", refused)
        // Refused before anything was stored: the email is still free once the bucket refills.
        await server.stop()
        let reopened = try await TestServer.start(dataDirectory: server.dataDirectory)
        defer { Task { await reopened.stop() } }
        try expectStatus(201, nil, await signup(reopened.client(), "farm3@example.com"))
        try expectStatus(409, "email_taken", await signup(reopened.client(), "farm2@example.com"))
    }

    @Test func signupLimitIsConfigurable() throws {
        let resolver = SettingsResolver(environment: ["QTICKET_SIGNUP_BURST": "20", "QTICKET_SIGNUP_PER_SECOND": "0.5"])
        let config = try resolver.serverConfig(host: nil, port: nil, data: "/tmp/unused", logLevel: nil)
        #expect(config.rateLimits.perAddressSignup == RateLimit(burst: 20, perSecond: 0.5))
        #expect(ServerConfig(dataDirectory: URL(fileURLWithPath: "/tmp")).rateLimits.perAddressSignup
                == RateLimit(burst: 300, perSecond: 1))
        #expect(throws: SettingsError.self) {
            _ = try SettingsResolver(environment: ["QTICKET_SIGNUP_PER_SECOND": "0"])
                .serverConfig(host: nil, port: nil, data: "/tmp/unused", logLevel: nil)
        }
    }

    @Test func aBucketRefillsAtItsRate() async throws {
        // One token every 4 s of the server's clock, which the test moves by hand.
        // Whole seconds, so the refill arithmetic below is exact.
        let clock = TestClock(frozenAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded()))
        let server = try await TestServer.start(clock: clock.wallClock) {
            $0.rateLimits.perAccountLogin = RateLimit(burst: 1, perSecond: 0.25)
        }
        defer { Task { await server.stop() } }
        let (_, buyer) = try await server.signedUp("buyer")
        let api = server.client()
        try expectStatus(200, nil, await login(api, buyer.user.email, "correct horse"))
        let refused = try await login(api, buyer.user.email, "correct horse")
        try expectStatus(429, "rate_limited", refused)
        #expect(refused.header("Retry-After") == "4")
        clock.advance(by: 3)
        let early = try await login(api, buyer.user.email, "correct horse")
        try expectStatus(429, "rate_limited", early)
        #expect(early.header("Retry-After") == "1")
        clock.advance(by: 1)
        try expectStatus(200, nil, await login(api, buyer.user.email, "correct horse"))
    }

    // MARK: Helpers

    private func signup(_ api: APIClient, _ email: String) async throws -> ClientResponse {
        try await api.send(method: "POST", path: "/v1/auth/signup",
                           body: try WireJSON.encode(SignupRequest(email: email, password: "correct horse",
                                                                   name: "Farmer", role: "buyer")))
    }

    private func login(_ api: APIClient, _ email: String, _ password: String) async throws -> ClientResponse {
        try await api.send(method: "POST", path: "/v1/auth/login",
                           body: try WireJSON.encode(LoginRequest(email: email, password: password)))
    }

    private func expectStatus(_ status: Int, _ code: String?, _ response: ClientResponse,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == status, "\(text)", sourceLocation: sourceLocation)
        if let code {
            #expect((try? WireJSON.decode(ErrorEnvelope.self, from: response.body))?.error.code == code,
                    "\(text)", sourceLocation: sourceLocation)
        }
        if status == 429 {
            #expect(response.header("Retry-After") != nil, sourceLocation: sourceLocation)
        }
    }
}
