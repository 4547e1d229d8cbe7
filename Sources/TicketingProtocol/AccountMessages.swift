public struct UserDTO: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var role: String

    public init(id: String, email: String, name: String, role: String) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
    }
}

public struct SignupRequest: Codable, Sendable {
    public var email: String
    public var password: String
    public var name: String
    public var role: String

    public init(email: String, password: String, name: String, role: String) {
        self.email = email
        self.password = password
        self.name = name
        self.role = role
    }
}

public struct LoginRequest: Codable, Sendable {
    public var email: String
    public var password: String

    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}

public struct AuthResponse: Codable, Sendable {
    public var user: UserDTO
    public var token: String

    public init(user: UserDTO, token: String) {
        self.user = user
        self.token = token
    }
}

public struct MeResponse: Codable, Sendable {
    public var user: UserDTO
    public init(user: UserDTO) { self.user = user }
}

public struct HealthResponse: Codable, Sendable {
    public var status: String
    public init(status: String) { self.status = status }
}
