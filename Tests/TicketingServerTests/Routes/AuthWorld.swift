import Foundation
import RouteTesting
import Testing
import TicketingProtocol
import TicketingServer

/// Everything an attacker could aim at, owned by someone else: seller A's venue, performance and
/// coupon; a victim buyer admitted to A's performance with a hold, a claimed coupon and an unpaid
/// order. Seller B owns a second performance; the attacker is a buyer with nothing of its own.
struct AuthWorld {
    struct Account {
        let api: RouteClient
        let auth: AuthResponse
        var token: String { auth.token }
        var id: String { auth.user.id }
    }

    let server: InProcessServer
    let signer: TokenSigner
    let sellerA: Account
    let sellerB: Account
    let victim: Account
    let attacker: Account
    let showA: RouteShow
    let showB: RouteShow
    let coupon: CouponDTO
    let admission: String
    let hold: HoldDTO
    let order: OrderDTO
    let userCouponId: String
    /// Seller A's open settlement statement.
    let statementId: String

    static func make() async throws -> AuthWorld {
        let server = try await InProcessServer.start()
        let showA = try await RouteShow.make(on: server, rate: 1_000, maxActive: 1_000)
        let showB = try await RouteShow.make(on: server, rate: 1_000, maxActive: 1_000)
        let sellerA = Account(api: showA.seller, auth: try await login(showA.seller, server: server))
        let sellerB = Account(api: showB.seller, auth: try await login(showB.seller, server: server))
        let victim = try await account(server, "buyer")
        let attacker = try await account(server, "buyer")
        let coupon: CouponDTO = try await sellerA.api.post("/v1/coupons", body: CreateCouponRequest(
            name: "Ten off", kind: "fixed", amount: 1_000, performanceId: showA.performance.id, totalQuantity: 10))
        let claimed = try await victim.api.post("/v1/coupons/\(coupon.id)/claim", as: ClaimCouponResponse.self)
        _ = try await showA.join(victim.api)
        let status = try await showA.waitForStatus(victim.api) { $0.state == "admitted" }
        let admission = try #require(status.admissionToken)
        let hold = try await victim.api.post(
            "/v1/performances/\(showA.performance.id)/holds",
            body: CreateHoldRequest(grade: showA.hall.grades[0].grade, count: 2), as: HoldDTO.self,
            headers: ["X-Admission-Token": admission])
        let order = try await victim.api.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId, userCouponIds: []),
                                              as: OrderDTO.self)
        let secret = try ServerSecret.loadOrCreate(in: server.dataDirectory)
        let statements = try await sellerA.api.get("/v1/seller/settlements", as: SettlementList.self)
        let statementId = try #require(statements.settlements.first?.id)
        return AuthWorld(server: server, signer: TokenSigner(key: secret), sellerA: sellerA, sellerB: sellerB,
                         victim: victim, attacker: attacker, showA: showA, showB: showB, coupon: coupon,
                         admission: admission, hold: hold, order: order, userCouponId: claimed.userCouponId,
                         statementId: statementId)
    }

    private static func account(_ server: InProcessServer, _ role: String) async throws -> Account {
        let (api, auth) = try await RouteShow.signedUp(server, role)
        return Account(api: api, auth: auth)
    }

    /// The fixture keeps only the seller's client; a fresh login recovers its account and token.
    private static func login(_ api: RouteClient, server: InProcessServer) async throws -> AuthResponse {
        let me = try await api.get("/v1/me", as: MeResponse.self)
        return try await server.client().login(LoginRequest(email: me.user.email, password: "correct horse"))
    }

    var performanceA: String { showA.performance.id }
    var performanceB: String { showB.performance.id }

    /// A free seat of performance A (the victim holds two of grade 0).
    var freeSeat: String {
        showA.hall.grades.flatMap(\.seatIds).first { !hold.seatIds.contains($0) } ?? ""
    }

    /// Strings that must never appear in an answer given to someone else.
    var victimMarkers: [String] {
        [victim.auth.user.email, victim.id, userCouponId, order.orderId] + hold.seatIds.map { "\"\($0)\"" }
    }

    // MARK: Tokens no honest client holds

    /// Signed with the server's own secret but already expired: proves expiry is checked.
    func expiredToken(for account: Account, role: String = "buyer") -> String {
        signer.sign(AccessClaims(sub: account.id, role: role, exp: Int(Date().timeIntervalSince1970) - 60))
    }

    /// Signed with the server's secret and valid: the control that shows `expiredToken` would
    /// pass if it were not expired.
    func freshToken(for account: Account, role: String = "buyer") -> String {
        signer.sign(AccessClaims(sub: account.id, role: role, exp: Int(Date().timeIntervalSince1970) + 600))
    }

    /// Claims an admin role under the victim's id, signed with a key the server never had.
    func foreignKeyToken() -> String {
        TokenSigner(key: Array(repeating: 7, count: 32))
            .sign(AccessClaims(sub: victim.id, role: "admin", exp: Int(Date().timeIntervalSince1970) + 600))
    }

    /// The victim's genuine signature over a payload promoted to admin.
    func tamperedToken() -> String {
        let signature = victim.token.split(separator: ".").last.map(String.init) ?? ""
        let claims = AccessClaims(sub: victim.id, role: "admin", exp: Int(Date().timeIntervalSince1970) + 600)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Base64URL.encode(Array((try? encoder.encode(claims)) ?? Data()))
        return payload + "." + signature
    }

    func admissionToken(performanceId: String, userId: String, expiresIn seconds: TimeInterval) -> String {
        signer.sign(TestAdmissionClaims(perf: performanceId, sub: userId,
                                        exp: Int(Date().addingTimeInterval(seconds).timeIntervalSince1970)))
    }

    func stop() async { await server.stop() }
}

/// The server's admission claims, rebuilt here: the test signs its own to forge and expire them.
struct TestAdmissionClaims: Codable {
    var kind = "admission"
    var perf: String
    var sub: String
    var exp: Int
}
