import Foundation
import RouteTesting
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// A seller, a theatre venue and one performance on an in-process server.
struct RouteShow {
    let performance: PerformanceDTO
    let hall: Hall
    let seller: RouteClient

    static func make(on server: InProcessServer, rate: Double, maxActive: Int,
                     refundCutoffHours: Int? = nil) async throws -> RouteShow {
        let (seller, _) = try await server.signedUp("seller")
        let hall = try Self.hall()
        let venue: VenueDTO = try await seller.post("/v1/venues", body: CreateVenueRequest(name: hall.name, layout: hall.layout))
        var request = request(venueId: venue.id, hall: hall)
        request.admission = AdmissionSpec(ratePerSecond: rate, maxActive: maxActive, tokenTTLSeconds: 600)
        request.refundCutoffHours = refundCutoffHours
        let performance: PerformanceDTO = try await seller.post("/v1/performances", body: request)
        return RouteShow(performance: performance, hall: hall, seller: seller)
    }

    static func request(venueId: String, hall: Hall, title: String = "Test Night") -> CreatePerformanceRequest {
        CreatePerformanceRequest(venueId: venueId, title: title, startsAt: Date().addingTimeInterval(86_400 * 30),
                                 saleOpensAt: Date().addingTimeInterval(-60), grades: hall.grades,
                                 holdSeconds: 300, maxSeatsPerOrder: 4,
                                 admission: AdmissionSpec(ratePerSecond: 0.5, maxActive: 100, tokenTTLSeconds: 600))
    }

    static func signedUp(_ server: InProcessServer, _ role: String) async throws -> (RouteClient, AuthResponse) {
        try await server.signedUp(role)
    }

    static func hall(_ file: String = "theatre.hall") throws -> Hall {
        try Hall.load(path: assets.appendingPathComponent("halls/\(file)").path)
    }

    static var assets: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Assets")
    }

    var queuePath: String { "/v1/performances/\(performance.id)/queue" }

    func join(_ client: RouteClient) async throws -> QueueStatusDTO {
        try await client.post(queuePath, as: QueueStatusDTO.self)
    }

    /// Polls the buyer's own status until `done` holds (bounded: admission runs on the
    /// performance's tick, which is real time even in-process).
    func waitForStatus(_ client: RouteClient, timeout: Duration = .seconds(20),
                       until done: (QueueStatusDTO) -> Bool) async throws -> QueueStatusDTO {
        let deadline = ContinuousClock.now + timeout
        while true {
            let status = try await client.get(queuePath + "/me", as: QueueStatusDTO.self)
            if done(status) || ContinuousClock.now > deadline { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
