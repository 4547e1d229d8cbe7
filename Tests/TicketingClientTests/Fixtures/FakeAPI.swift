import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol

/// Just enough of the QueueTicket API, in memory, to check that `APIClient` speaks it: the paths,
/// methods, bodies, bearer token and error envelopes of docs/API.md.
actor FakeAPIStore {
    private var users: [String: (user: UserDTO, password: String)] = [:]
    private var tokens: [String: UserDTO] = [:]
    private var venues: [String: VenueDTO] = [:]
    private var performances: [String: PerformanceDTO] = [:]

    func signup(_ request: SignupRequest) -> AuthResponse? {
        guard users[request.email] == nil else { return nil }
        let user = UserDTO(id: "u\(users.count + 1)", email: request.email, name: request.name, role: request.role)
        users[request.email] = (user, request.password)
        return issue(user)
    }

    func login(_ request: LoginRequest) -> AuthResponse? {
        guard let entry = users[request.email], entry.password == request.password else { return nil }
        return issue(entry.user)
    }

    func user(for request: HTTPRequest) -> UserDTO? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return tokens[String(header.dropFirst("Bearer ".count))]
    }

    func addVenue(_ request: CreateVenueRequest, owner: UserDTO) -> VenueDTO {
        let venue = VenueDTO(id: "venue \(venues.count + 1)", name: request.name, ownerId: owner.id,
                             layout: request.layout, seatCount: request.layout.seats.count)
        venues[venue.id] = venue
        return venue
    }

    func venue(_ id: String) -> VenueDTO? { venues[id] }

    func addPerformance(_ request: CreatePerformanceRequest, seller: UserDTO) -> PerformanceDTO? {
        guard let venue = venues[request.venueId] else { return nil }
        let performance = PerformanceDTO(id: "p\(performances.count + 1)", venueId: venue.id, venueName: venue.name,
                                         sellerId: seller.id, spec: request.spec(), seatCount: venue.seatCount)
        performances[performance.id] = performance
        return performance
    }

    func performance(_ id: String) -> PerformanceDTO? { performances[id] }
    func allPerformances() -> [PerformanceDTO] { performances.values.sorted { $0.id < $1.id } }

    private func issue(_ user: UserDTO) -> AuthResponse {
        let token = "token-\(tokens.count + 1)"
        tokens[token] = user
        return AuthResponse(user: user, token: token)
    }
}

func addFakeAPIRoutes(to server: HTTPServer) async {
    let store = FakeAPIStore()
    await server.appendRoute("GET /health") { _ in json(HealthResponse(status: "ok")) }
    await server.appendRoute("POST /v1/auth/signup") { request in
        guard let body = try? await decodeBody(SignupRequest.self, request) else { return failure(400, .badRequest) }
        guard let auth = await store.signup(body) else { return failure(409, .emailTaken) }
        return json(auth, status: .created)
    }
    await server.appendRoute("POST /v1/auth/login") { request in
        guard let body = try? await decodeBody(LoginRequest.self, request) else { return failure(400, .badRequest) }
        guard let auth = await store.login(body) else { return failure(401, .invalidCredentials) }
        return json(auth)
    }
    await server.appendRoute("GET /v1/me") { request in
        guard let user = await store.user(for: request) else { return failure(401, .unauthorized) }
        return json(MeResponse(user: user))
    }
    await server.appendRoute("POST /v1/venues") { request in
        guard let user = await store.user(for: request) else { return failure(401, .unauthorized) }
        guard let body = try? await decodeBody(CreateVenueRequest.self, request) else { return failure(400, .badRequest) }
        return json(await store.addVenue(body, owner: user), status: .created)
    }
    await server.appendRoute("GET /v1/venues/:id") { request in
        guard let id = request.routeParameters["id"]?.removingPercentEncoding,
              let venue = await store.venue(id) else { return failure(404, .notFound) }
        return json(venue)
    }
    await server.appendRoute("POST /v1/performances") { request in
        guard let user = await store.user(for: request) else { return failure(401, .unauthorized) }
        guard let body = try? await decodeBody(CreatePerformanceRequest.self, request) else {
            return failure(400, .badRequest)
        }
        guard let performance = await store.addPerformance(body, seller: user) else { return failure(404, .notFound) }
        return json(performance, status: .created)
    }
    await server.appendRoute("GET /v1/performances") { _ in
        json(PerformanceList(performances: await store.allPerformances()))
    }
    await server.appendRoute("GET /v1/performances/:id") { request in
        guard let performance = await store.performance(request.routeParameters["id"] ?? "") else {
            return failure(404, .notFound)
        }
        return json(performance)
    }
    await server.appendRoute("GET /v1/performances/:id/seats") { request in
        guard let performance = await store.performance(request.routeParameters["id"] ?? ""),
              let venue = await store.venue(performance.venueId) else { return failure(404, .notFound) }
        let seats = venue.layout.seats.map { SeatDTO(seat: $0, grade: "R", price: 100_000, state: .available) }
        return json(SeatsResponse(version: 1, seats: seats))
    }
    await server.appendRoute("GET /v1/rate-limited") { _ in
        var response = failure(429, .rateLimited)
        response.headers[HTTPHeader("Retry-After")] = "7"
        return response
    }
}

private func decodeBody<T: Decodable>(_ type: T.Type, _ request: HTTPRequest) async throws -> T {
    guard request.headers[.contentType] == "application/json" else { throw FixtureError("not JSON") }
    return try WireJSON.decode(T.self, from: try await request.bodyData)
}

private func json<T: Encodable>(_ value: T, status: HTTPStatusCode = .ok) -> HTTPResponse {
    HTTPResponse(statusCode: status, headers: [.contentType: "application/json"],
                 body: (try? WireJSON.encode(value)) ?? Data())
}

private func failure(_ status: Int, _ code: ErrorCode) -> HTTPResponse {
    let envelope = ErrorEnvelope(error: ErrorBody(code: code, message: "fake \(code.rawValue)"))
    return json(envelope, status: HTTPStatusCode(status, phrase: code.rawValue))
}
