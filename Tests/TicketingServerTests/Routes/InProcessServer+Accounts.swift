import Foundation
import RouteTesting
import TicketingProtocol
import TicketingServer

extension InProcessServer {
    /// Signs up a fresh account of `role`; the client carries its token.
    func signedUp(_ role: String, name: String = "Test") async throws -> (RouteClient, AuthResponse) {
        let client = client()
        let auth = try await client.signup(SignupRequest(email: "\(role)-\(UUID().uuidString)@example.com",
                                                         password: "correct horse", name: name, role: role))
        return (client, auth)
    }

    func buyers(_ count: Int) async throws -> [(api: RouteClient, auth: AuthResponse)] {
        try await withThrowingTaskGroup(of: (RouteClient, AuthResponse).self) { group in
            for index in 0..<count { group.addTask { try await self.signedUp("buyer", name: "Buyer \(index)") } }
            return try await group.reduce(into: []) { $0.append((api: $1.0, auth: $1.1)) }
        }
    }

    /// A seller with a venue (the theatre hall) and one performance on sale.
    func sellerWithPerformance() async throws -> (api: RouteClient, auth: AuthResponse, performance: PerformanceDTO) {
        let (seller, auth) = try await signedUp("seller")
        let hall = try RouteShow.hall()
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        let performance = try await seller.createPerformance(RouteShow.request(venueId: venue.id, hall: hall))
        return (seller, auth, performance)
    }

    /// An admin made offline (as `qticketd admin create` does), logged in over the API.
    func admin() async throws -> RouteClient {
        let email = "admin-\(UUID().uuidString.prefix(8))@example.com"
        _ = try await AdminTasks.createAdmin(dataDirectory: dataDirectory, email: email, password: "admin-password",
                                             name: "Admin", now: Date())
        let api = client()
        _ = try await api.login(LoginRequest(email: email, password: "admin-password"))
        return api
    }
}
