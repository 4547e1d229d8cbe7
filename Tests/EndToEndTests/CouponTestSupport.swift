import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

extension TestServer {
    /// `count` buyers signed up a few at a time (each signup is a PBKDF2 hash and a connection).
    func buyers(_ count: Int, parallel: Int = 25) async throws -> [(api: APIClient, auth: AuthResponse)] {
        var result: [(api: APIClient, auth: AuthResponse)] = []
        for start in stride(from: 0, to: count, by: parallel) {
            let batch = try await withThrowingTaskGroup(of: (APIClient, AuthResponse).self) { group in
                for index in start..<min(count, start + parallel) {
                    group.addTask { try await self.signedUp("buyer", name: "Buyer \(index)") }
                }
                return try await group.reduce(into: [(APIClient, AuthResponse)]()) { $0.append($1) }
            }
            result += batch.map { (api: $0.0, auth: $0.1) }
        }
        return result
    }

    /// A seller with a venue (the theatre hall) and one performance on sale.
    func sellerWithPerformance() async throws -> (api: APIClient, auth: AuthResponse, performance: PerformanceDTO) {
        let (seller, auth) = try await signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        let performance = try await seller.createPerformance(VenuePerformanceTests.request(venueId: venue.id, hall: hall))
        return (seller, auth, performance)
    }

    /// An admin made offline (as `qticketd admin create` does), logged in over the API.
    func admin() async throws -> APIClient {
        let email = "admin-\(UUID().uuidString.prefix(8))@example.com"
        _ = try await AdminTasks.createAdmin(dataDirectory: dataDirectory, email: email, password: "admin-password",
                                             name: "Admin", now: Date())
        let api = client()
        _ = try await api.login(LoginRequest(email: email, password: "admin-password"))
        return api
    }
}

/// What one claim request came to, in the audit's terms.
func claimOutcome(_ api: APIClient, _ couponId: String) async -> CouponClaimAudit.Outcome {
    do {
        let claimed = try await api.claimCoupon(couponId)
        return .won(userCouponId: claimed.userCouponId)
    } catch let error as APIError where error.status == 409 && error.code == "sold_out" {
        return .soldOut
    } catch let error as APIError where error.status == 409 && error.code == "already_claimed" {
        return .alreadyClaimed
    } catch {
        return .unexpected("\(error)")
    }
}

/// buyer id → the userCouponIds of `couponId` in the buyer's `GET /v1/me/coupons`.
func holdings(of buyers: [(api: APIClient, auth: AuthResponse)], couponId: String,
              status: UserCouponStatus? = nil) async throws -> [String: [String]] {
    try await withThrowingTaskGroup(of: (String, [String]).self) { group in
        for buyer in buyers {
            group.addTask {
                let mine = try await buyer.api.myCoupons().coupons
                    .filter { $0.couponId == couponId && (status == nil || $0.status == status) }
                return (buyer.auth.user.id, mine.map(\.userCouponId))
            }
        }
        return try await group.reduce(into: [String: [String]]()) { $0[$1.0] = $1.1.isEmpty ? nil : $1.1 }
    }
}
