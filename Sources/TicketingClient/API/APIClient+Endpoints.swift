import TicketingProtocol

/// The endpoints of docs/API.md that the server serves today.
extension APIClient {
    public func health() async throws -> HealthResponse {
        try await get("/health")
    }

    public func signup(_ request: SignupRequest) async throws -> AuthResponse {
        let auth: AuthResponse = try await post("/v1/auth/signup", body: request)
        setToken(auth.token)
        return auth
    }

    public func login(_ request: LoginRequest) async throws -> AuthResponse {
        let auth: AuthResponse = try await post("/v1/auth/login", body: request)
        setToken(auth.token)
        return auth
    }

    public func me() async throws -> MeResponse {
        try await get("/v1/me")
    }

    public func createVenue(_ request: CreateVenueRequest) async throws -> VenueDTO {
        try await post("/v1/venues", body: request)
    }

    public func venue(_ id: String) async throws -> VenueDTO {
        try await get("/v1/venues/\(segment(id))")
    }

    public func createPerformance(_ request: CreatePerformanceRequest) async throws -> PerformanceDTO {
        try await post("/v1/performances", body: request)
    }

    public func performances() async throws -> PerformanceList {
        try await get("/v1/performances")
    }

    public func performance(_ id: String) async throws -> PerformanceDTO {
        try await get("/v1/performances/\(segment(id))")
    }

    public func seats(_ performanceId: String) async throws -> SeatsResponse {
        try await get("/v1/performances/\(segment(performanceId))/seats")
    }
}

extension APIClient {
    /// Opens the API's WebSocket (`/v1/ws`) with this client's token and timeout.
    public func connectWebSocket(path: String = "/v1/ws", maxMessageSize: Int = 16 << 20) async throws -> WebSocketClient {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await WebSocketClient.connect(host: http.host, port: http.port, path: path, headers: headers,
                                                 maxMessageSize: maxMessageSize, timeout: http.timeout)
    }
}
