import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// `POST /v1/performances` (venue owner), `GET /v1/performances[/:id[/seats]]` (public).
struct PerformanceRoutes {
    let ctx: ServerContext
    let states: any PerformanceStates

    func register(into router: inout Router) {
        router.add(.POST, "/v1/performances", create)
        router.add(.GET, "/v1/performances", list)
        router.add(.GET, "/v1/performances/:id", show)
        router.add(.GET, "/v1/performances/:id/seats", seats)
    }

    @Sendable func create(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.seller, action: "create performances")
        let spec = try await req.decode(CreatePerformanceRequest.self).spec()
        guard let venue = try await ctx.storage.venue(id: spec.venueId) else { throw APIFailure.notFound("venue") }
        guard venue.ownerId == principal.userId || principal.role == .admin else {
            throw APIFailure.forbidden("only the venue's owner may create performances in it")
        }
        do {
            try spec.validate(against: venue.layout)
        } catch {
            throw APIFailure.badRequest(error.details)
        }
        let record = PerformanceRecord(id: IDs.make("prf"), sellerId: principal.userId, spec: spec,
                                       createdAt: ctx.clock.now())
        try await ctx.storage.createPerformance(record)
        return .json(.created, Self.dto(record, venue: venue))
    }

    @Sendable func list(_ req: RequestContext) async throws -> HTTPResponse {
        let venues = Dictionary(uniqueKeysWithValues: try await ctx.storage.venues().map { ($0.id, $0) })
        let performances = try await ctx.storage.performances().compactMap { record in
            venues[record.spec.venueId].map { Self.dto(record, venue: $0) }
        }
        return .json(.ok, PerformanceList(performances: performances))
    }

    @Sendable func show(_ req: RequestContext) async throws -> HTTPResponse {
        let (record, venue) = try await load(req.param("id"))
        return .json(.ok, Self.dto(record, venue: venue))
    }

    @Sendable func seats(_ req: RequestContext) async throws -> HTTPResponse {
        guard let performance = try await states.state(for: req.param("id")) else { throw APIFailure.notFound("performance") }
        let (version, states) = await performance.seatStates()
        let infos = await performance.seatInfos
        let venue = try await load(req.param("id")).1
        let layoutSeats = Dictionary(uniqueKeysWithValues: venue.layout.seats.map { ($0.id, $0) })
        // Seats outside every grade are not for sale in this performance, so they are not listed.
        let seats = zip(infos, states).compactMap { info, state -> SeatDTO? in
            guard let seat = layoutSeats[info.id] else { return nil }
            return SeatDTO(seat: seat, grade: info.grade, price: info.price,
                           state: SeatState(rawValue: state.state) ?? .available)
        }
        return .json(.ok, SeatsResponse(version: version, seats: seats))
    }

    private func load(_ id: String) async throws -> (PerformanceRecord, VenueRecord) {
        guard let record = try await ctx.storage.performance(id: id),
              let venue = try await ctx.storage.venue(id: record.spec.venueId) else {
            throw APIFailure.notFound("performance")
        }
        return (record, venue)
    }

    static func dto(_ record: PerformanceRecord, venue: VenueRecord) -> PerformanceDTO {
        let sellable = Set(record.spec.grades.flatMap(\.seatIds))
        return PerformanceDTO(id: record.id, venueId: venue.id, venueName: venue.name, sellerId: record.sellerId,
                              spec: record.spec, seatCount: sellable.count)
    }
}
