import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// A rush's setup on servers already running, through the API only: the admin's login (checked
/// before anything is made), a new seller, a venue from a hall file, N buyers, then a
/// performance whose sale opens `opensIn` seconds later and a first-come-first-served coupon.
struct RushTargetSetup: Sendable {
    let host: String
    let port: UInt16
    let performanceId: String
    let couponId: String
    let couponStock: Int
    let grades: [String]
    let seatCount: Int
    let sellerToken: String
    let buyers: [Buyer]
    let saleOpensAt: Date
    let startedAt: Date

    struct Options: Sendable {
        var target: URL
        var adminEmail: String
        var adminPassword: String
        var hall: String
        var buyers: Int
        var rate: Double
        var maxActive: Int
        var couponStock: Int
        var maxSeats: Int
        var opensIn: Double
    }

    static func endpoint(_ url: URL) throws -> (host: String, port: UInt16) {
        guard url.scheme == "http", let host = url.host else {
            throw BenchError("--target takes http://HOST[:PORT] (got \(url.absoluteString))")
        }
        return (host, UInt16(url.port ?? 80))
    }

    static func prepare(_ options: Options) async throws -> RushTargetSetup {
        let startedAt = Date()
        let (host, port) = try endpoint(options.target)
        let hall = try Hall.load(path: options.hall)
        let client: @Sendable (String?) -> APIClient = { token in
            APIClient(host: host, port: port, token: token, timeout: 60, retry: .loadBalanced)
        }
        let admin = client(nil)
        _ = try await admin.login(LoginRequest(email: options.adminEmail, password: options.adminPassword))
        let me = try await admin.me()
        guard me.user.role == "admin" else {
            throw BenchError("\(options.adminEmail) is a \(me.user.role), not an admin: the invariants need GET /v1/admin/platform")
        }
        await admin.http.close()
        // A run tag keeps emails unique on servers that saw earlier rushes.
        let run = String(UUID().uuidString.prefix(8)).lowercased()
        let seller = client(nil)
        _ = try await seller.signup(SignupRequest(email: "rush-seller-\(run)@bench.example.com",
                                                  password: "bench password", name: "Rush Seller \(run)", role: "seller"))
        let venue = try await seller.createVenue(CreateVenueRequest(name: "\(hall.name) \(run)", layout: hall.layout))
        note("target: seller and venue \(venue.id) (\(venue.seatCount) seats) made; signing up \(options.buyers) buyers")
        let buyers = try await signUp(options.buyers, run: run, client: client)
        let opens = Date().addingTimeInterval(options.opensIn)
        let show = try await seller.createPerformance(CreatePerformanceRequest(
            venueId: venue.id, title: "Rush \(run)", startsAt: Date().addingTimeInterval(86_400 * 30),
            saleOpensAt: opens, grades: hall.grades, holdSeconds: 300, maxSeatsPerOrder: options.maxSeats,
            admission: AdmissionSpec(ratePerSecond: options.rate, maxActive: options.maxActive, tokenTTLSeconds: 3_600)))
        let coupon = try await seller.createCoupon(CreateCouponRequest(
            name: "Rush 5,000 off", kind: "fixed", amount: 5_000, performanceId: show.id,
            totalQuantity: options.couponStock))
        let token = await seller.token ?? ""
        await seller.http.close()
        note("target: performance \(show.id) opens at \(opens), coupon \(coupon.id) (\(options.couponStock))")
        return RushTargetSetup(host: host, port: port, performanceId: show.id, couponId: coupon.id,
                               couponStock: options.couponStock, grades: hall.grades.map(\.grade),
                               seatCount: hall.grades.reduce(0) { $0 + $1.seatIds.count }, sellerToken: token,
                               buyers: buyers, saleOpensAt: opens, startedAt: startedAt)
    }

    /// Sign-ups are limited per address (docs/API.md); the retry policy waits out short
    /// `Retry-After`s, and a longer one ends the setup with the setting to raise.
    private static func signUp(_ count: Int, run: String,
                               client: @escaping @Sendable (String?) -> APIClient) async throws -> [Buyer] {
        let lanes = min(16, max(1, count))
        return try await withThrowingTaskGroup(of: [(Int, Buyer)].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    let api = client(nil)
                    var made: [(Int, Buyer)] = []
                    for i in stride(from: lane, to: count, by: lanes) {
                        do {
                            let auth = try await api.signup(SignupRequest(
                                email: "rush-\(run)-\(i)@bench.example.com", password: "bench password",
                                name: "Buyer \(i)", role: "buyer"))
                            made.append((i, Buyer(id: auth.user.id, token: auth.token)))
                        } catch let error as APIError where error.code == "rate_limited" {
                            throw BenchError("sign-up rate limited after \(made.count * lanes) buyers: raise "
                                             + "QTICKET_SIGNUP_BURST on the target's nodes (\(error.message))")
                        }
                    }
                    await api.http.close()
                    return made
                }
            }
            var all = [Buyer?](repeating: nil, count: count)
            for try await batch in group { for (i, buyer) in batch { all[i] = buyer } }
            return all.compactMap { $0 }
        }
    }
}
