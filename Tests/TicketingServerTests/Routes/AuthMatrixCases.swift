import Foundation
import RouteTesting
import TicketingProtocol

/// Who presents the (valid) token in a principal-level scenario.
enum Intruder: String, CaseIterable, Sendable {
    /// Another buyer, acting on the victim buyer's things.
    case otherBuyer
    /// A valid account of the role the route does not serve.
    case wrongRole
    /// Seller B, acting on seller A's things.
    case otherSeller
}

/// What a route must answer an intruder.
enum Expectation: Sendable, CustomStringConvertible {
    /// This status and error code, and nothing of the victim's in the body.
    case refused(Int, String)
    /// The route only ever shows the caller's own things: 2xx, and nothing of the victim's.
    case ownOnly
    /// The scenario means nothing for this route (the reason says why).
    case notApplicable(String)

    var description: String {
        switch self {
        case .refused(let status, let code): "\(status) \(code)"
        case .ownOnly: "own data only"
        case .notApplicable(let why): "n/a (\(why))"
        }
    }
}

/// One protected route: a request that would succeed for its rightful caller, and what each
/// intruder must get instead.
struct AuthCase: Sendable {
    let method: String
    let pattern: String
    let path: @Sendable (AuthWorld) -> String
    let body: @Sendable (AuthWorld) -> Data?
    let headers: @Sendable (AuthWorld) -> [String: String]
    let intruders: [Intruder: Expectation]

    init(_ method: String, _ pattern: String, path: @escaping @Sendable (AuthWorld) -> String,
         body: @escaping @Sendable (AuthWorld) -> Data? = { _ in nil },
         headers: @escaping @Sendable (AuthWorld) -> [String: String] = { _ in [:] },
         _ intruders: [Intruder: Expectation]) {
        self.method = method
        self.pattern = pattern
        self.path = path
        self.body = body
        self.headers = headers
        self.intruders = intruders
    }

    var route: String { "\(method) \(pattern)" }

    /// The account an intruder scenario uses on this route.
    func account(_ intruder: Intruder, in world: AuthWorld) -> AuthWorld.Account {
        switch intruder {
        case .otherBuyer: world.attacker
        case .otherSeller: world.sellerB
        case .wrongRole: Self.sellerOnly.contains(route) ? world.attacker : world.sellerA
        }
    }

    /// Routes for sellers; on every other protected route the wrong role is seller A, the owner of
    /// the performance the victim buyer's things belong to.
    static let sellerOnly: Set = ["POST /v1/venues", "POST /v1/performances", "POST /v1/coupons",
                                  "GET /v1/seller/performances/:id/sales", "GET /v1/seller/settlements",
                                  "GET /v1/seller/settlements/:id",
                                  "GET /v1/performances/:id/checkin-list", "GET /v1/seller/performances/:id/checkins",
                                  "POST /v1/checkins", "POST /v1/checkins/batch", "POST /v1/door-accounts",
                                  "GET /v1/door-accounts"]
}

private func json(_ value: some Encodable) -> Data? { try? WireJSON.encode(value) }

private let notFound = Expectation.refused(404, "not_found")
private let forbidden = Expectation.refused(403, "forbidden")
private let admissionRequired = Expectation.refused(403, "admission_required")
private let holdGone = Expectation.refused(410, "hold_expired")

extension AuthCase {
    /// Every route of the server that needs a token. The matrix test fails for a served route
    /// that is neither here nor in `publicRoutes`, so a new route cannot skip this table.
    static let all: [AuthCase] = [
        AuthCase("GET", "/v1/me", path: { _ in "/v1/me" },
                 [.otherBuyer: .ownOnly, .wrongRole: .notApplicable("any role reads its own account"),
                  .otherSeller: .ownOnly]),
        AuthCase("POST", "/v1/venues", path: { _ in "/v1/venues" },
                 body: { w in json(CreateVenueRequest(name: "Stolen", layout: w.showA.hall.layout)) },
                 [.otherBuyer: .notApplicable("creates a venue of the caller's own"), .wrongRole: forbidden,
                  .otherSeller: .notApplicable("creates a venue of the caller's own")]),
        AuthCase("POST", "/v1/performances", path: { _ in "/v1/performances" },
                 body: { w in json(RouteShow.request(venueId: w.showA.performance.venueId, hall: w.showA.hall)) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("POST", "/v1/performances/:id/queue", path: { w in "/v1/performances/\(w.performanceA)/queue" },
                 [.otherBuyer: .notApplicable("a buyer joins with a place of its own"), .wrongRole: forbidden,
                  .otherSeller: forbidden]),
        AuthCase("GET", "/v1/performances/:id/queue/me", path: { w in "/v1/performances/\(w.performanceA)/queue/me" },
                 [.otherBuyer: notFound, .wrongRole: notFound, .otherSeller: notFound]),
        AuthCase("DELETE", "/v1/performances/:id/queue/me", path: { w in "/v1/performances/\(w.performanceA)/queue/me" },
                 [.otherBuyer: notFound, .wrongRole: notFound, .otherSeller: notFound]),
        AuthCase("POST", "/v1/performances/:id/holds", path: { w in "/v1/performances/\(w.performanceA)/holds" },
                 body: { w in json(CreateHoldRequest(seatIds: [w.freeSeat])) },
                 headers: { w in ["X-Admission-Token": w.admission] },
                 [.otherBuyer: admissionRequired, .wrongRole: admissionRequired, .otherSeller: admissionRequired]),
        AuthCase("DELETE", "/v1/holds/:holdId", path: { w in "/v1/holds/\(w.hold.holdId)" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("POST", "/v1/coupons", path: { _ in "/v1/coupons" },
                 body: { w in json(CreateCouponRequest(name: "Rogue", kind: "fixed", amount: 500,
                                                       performanceId: w.performanceA, totalQuantity: 5)) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("POST", "/v1/coupons/:id/claim", path: { w in "/v1/coupons/\(w.coupon.id)/claim" },
                 [.otherBuyer: .notApplicable("a buyer claims a coupon of its own"), .wrongRole: forbidden,
                  .otherSeller: forbidden]),
        AuthCase("GET", "/v1/me/coupons", path: { _ in "/v1/me/coupons" },
                 [.otherBuyer: .ownOnly, .wrongRole: .notApplicable("any role lists its own coupons"),
                  .otherSeller: .ownOnly]),
        // Someone else's hold reads as gone: the same answer as an expired hold of one's own.
        AuthCase("POST", "/v1/orders/quote", path: { _ in "/v1/orders/quote" },
                 body: { w in json(QuoteRequest(holdId: w.hold.holdId)) },
                 [.otherBuyer: holdGone, .wrongRole: holdGone, .otherSeller: holdGone]),
        AuthCase("POST", "/v1/orders", path: { _ in "/v1/orders" },
                 body: { w in json(QuoteRequest(holdId: w.hold.holdId)) },
                 [.otherBuyer: holdGone, .wrongRole: forbidden, .otherSeller: forbidden]),
        // Another buyer's order is "not found": its existence is not theirs to learn.
        AuthCase("GET", "/v1/orders/:id", path: { w in "/v1/orders/\(w.order.orderId)" },
                 [.otherBuyer: notFound, .wrongRole: notFound, .otherSeller: notFound]),
        AuthCase("POST", "/v1/orders/:id/pay", path: { w in "/v1/orders/\(w.order.orderId)/pay" },
                 body: { _ in json(PayRequest(paymentKey: "pk_intruder")) },
                 [.otherBuyer: notFound, .wrongRole: notFound, .otherSeller: notFound]),
        AuthCase("POST", "/v1/orders/:id/cancel", path: { w in "/v1/orders/\(w.order.orderId)/cancel" },
                 [.otherBuyer: notFound,
                  .wrongRole: .notApplicable("the performance's own seller may cancel its buyers' orders"),
                  .otherSeller: notFound]),
        AuthCase("GET", "/v1/me/orders", path: { _ in "/v1/me/orders" },
                 [.otherBuyer: .ownOnly, .wrongRole: .notApplicable("any role lists its own orders"),
                  .otherSeller: .ownOnly]),
        // Settlement: a seller reads only its own figures; everything under /v1/admin is admin-only.
        AuthCase("GET", "/v1/seller/performances/:id/sales", path: { w in "/v1/seller/performances/\(w.performanceA)/sales" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("GET", "/v1/seller/settlements", path: { _ in "/v1/seller/settlements" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: .ownOnly]),
        AuthCase("GET", "/v1/seller/settlements/:id", path: { w in "/v1/seller/settlements/\(w.statementId)" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: notFound]),
        AuthCase("POST", "/v1/admin/settlements/close", path: { _ in "/v1/admin/settlements/close" },
                 body: { _ in Data(#"{"until":"2030-01-01T00:00:00Z"}"#.utf8) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("POST", "/v1/admin/settlements/:id/pay", path: { w in "/v1/admin/settlements/\(w.statementId)/pay" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("GET", "/v1/admin/platform", path: { _ in "/v1/admin/platform" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("PUT", "/v1/admin/sellers/:id/fee-rate", path: { w in "/v1/admin/sellers/\(w.sellerA.id)/fee-rate" },
                 body: { _ in Data(#"{"basisPoints":1}"#.utf8) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        // Tickets and the door (docs/TICKETS.md): only the performance's seller and its door accounts.
        AuthCase("GET", "/v1/me/tickets", path: { _ in "/v1/me/tickets" },
                 [.otherBuyer: .ownOnly, .wrongRole: .notApplicable("any role lists its own tickets"),
                  .otherSeller: .ownOnly]),
        AuthCase("GET", "/v1/performances/:id/checkin-list", path: { w in "/v1/performances/\(w.performanceA)/checkin-list" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("GET", "/v1/seller/performances/:id/checkins",
                 path: { w in "/v1/seller/performances/\(w.performanceA)/checkins" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("POST", "/v1/checkins", path: { _ in "/v1/checkins" },
                 body: { w in json(CheckinRequest(code: unsignedTicketCode(performanceId: w.performanceA))) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: forbidden]),
        AuthCase("POST", "/v1/checkins/batch", path: { _ in "/v1/checkins/batch" },
                 body: { w in json(CheckinBatchRequest(checkins: [
                     .init(code: unsignedTicketCode(performanceId: w.performanceA), checkedInAt: Date())])) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden,
                  .otherSeller: .notApplicable("answers per code: another seller's codes come back `forbidden`")]),
        AuthCase("POST", "/v1/door-accounts", path: { _ in "/v1/door-accounts" },
                 body: { _ in json(CreateDoorAccountRequest(email: "door-\(UUID().uuidString)@example.com",
                                                            password: "door password")) },
                 [.otherBuyer: forbidden, .wrongRole: forbidden,
                  .otherSeller: .notApplicable("creates a door account of the caller's own")]),
        AuthCase("GET", "/v1/door-accounts", path: { _ in "/v1/door-accounts" },
                 [.otherBuyer: forbidden, .wrongRole: forbidden, .otherSeller: .ownOnly]),
        AuthCase("GET", "/v1/ws", path: { _ in "/v1/ws" },
                 headers: { _ in ["Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                                  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="] },
                 [.otherBuyer: .notApplicable("a socket carries only the caller's own pushes"),
                  .wrongRole: .notApplicable("any role may open a socket"),
                  .otherSeller: .notApplicable("a socket carries only the caller's own pushes")]),
    ]

    /// Routes that answer without a token (docs/API.md), checked to really do so, plus the mounted
    /// payment sandbox, which has the gateway's own authentication.
    static let publicRoutes: Set<String> = [
        "GET /health", "GET /metrics", "POST /v1/auth/signup", "POST /v1/auth/login",
        "GET /v1/venues", "GET /v1/venues/:id", "GET /v1/performances", "GET /v1/performances/:id",
        "GET /v1/performances/:id/seats", "GET /v1/performances/:id/queue", "GET /v1/coupons",
        "GET /v1/performances/:id/checkin-key",
    ]
}
