import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// `POST /v1/venues` (seller), `GET /v1/venues`, `GET /v1/venues/:id` (public).
struct VenueRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.POST, "/v1/venues", create)
        router.add(.GET, "/v1/venues", list)
        router.add(.GET, "/v1/venues/:id", show)
    }

    @Sendable func create(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.seller, action: "create venues")
        let body = try await req.decode(CreateVenueRequest.self)
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [Problem] = []
        // Length in code points as sent, as docs/openapi.yaml's maxLength counts.
        if name.isEmpty || body.name.unicodeScalars.count > 200 { problems.append(Problem(.venueNameLength)) }
        problems += Self.layoutProblems(body.layout)
        guard problems.isEmpty else { throw APIFailure.badRequest(problems) }
        let venue = VenueRecord(id: IDs.make("ven"), ownerId: principal.userId, name: name,
                                layout: body.layout, createdAt: ctx.clock.now())
        try await ctx.storage.createVenue(venue)
        return .json(.created, Self.dto(venue))
    }

    @Sendable func list(_ req: RequestContext) async throws -> HTTPResponse {
        let venues = try await ctx.storage.venues(ownerId: req.query("ownerId"))
        return .json(.ok, VenueList(venues: venues.map {
            VenueSummaryDTO(id: $0.id, name: $0.name, ownerId: $0.ownerId, seatCount: $0.seatCount)
        }))
    }

    @Sendable func show(_ req: RequestContext) async throws -> HTTPResponse {
        guard let venue = try await ctx.storage.venue(id: req.param("id")) else { throw APIFailure.notFound("venue") }
        return .json(.ok, Self.dto(venue))
    }

    /// Typed throws (`throws(ValidationError)`) let the catch bind the error without a cast.
    static func layoutProblems(_ layout: VenueLayout) -> [Problem] {
        do {
            try layout.validate()
            return []
        } catch {
            return error.details
        }
    }

    static func dto(_ venue: VenueRecord) -> VenueDTO {
        VenueDTO(id: venue.id, name: venue.name, ownerId: venue.ownerId, layout: venue.layout,
                 seatCount: venue.seatCount)
    }
}
