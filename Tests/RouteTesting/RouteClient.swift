import FlyingFox
import Foundation
import TicketingProtocol
import TicketingServer

/// What a route answered: status, headers (names lower-cased) and body.
public struct RouteResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var isSuccess: Bool { (200..<300).contains(status) }
    /// The docs/API.md error code of an error answer.
    public var errorCode: String? { (try? WireJSON.decode(ErrorEnvelope.self, from: body))?.error.code }
}

/// A non-2xx answer to a typed call.
public struct RouteError: Error, CustomStringConvertible {
    public var response: RouteResponse
    public var status: Int { response.status }
    public var code: String? { response.errorCode }
    /// The decoded envelope body with its extra fields (`unavailable`, `problems`).
    public var body: ErrorBody? { (try? WireJSON.decode(ErrorEnvelope.self, from: response.body))?.error }
    public var description: String { "HTTP \(response.status): \(response.text)" }
}

/// The in-process counterpart of `APIClient`: the same calls, answered by the server's handler
/// without a socket. Holds the bearer token the way `APIClient` does.
public actor RouteClient {
    let server: QueueTicketServer
    public private(set) var token: String?

    init(server: QueueTicketServer, token: String?) {
        self.server = server
        self.token = token
    }

    public func setToken(_ token: String?) { self.token = token }

    /// The raw exchange with the token attached; any status is returned, none thrown.
    public func send(method: String, path: String, body: Data? = nil,
                     headers: [String: String] = [:]) async throws -> RouteResponse {
        var all = ["Accept": "application/json", "Host": "in-process"]
        if let body {
            all["Content-Type"] = "application/json"
            all["Content-Length"] = String(body.count)
        }
        if let token { all["Authorization"] = "Bearer \(token)" }
        all.merge(headers) { _, given in given }
        var fields = HTTPHeaders()
        for (name, value) in all { fields.addValue(value, for: HTTPHeader(name)) }
        let split = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let request = HTTPRequest(method: HTTPMethod(method), version: .http11,
                                  target: .init(path: String(split[0]), query: split.count > 1 ? String(split[1]) : ""),
                                  headers: fields, body: HTTPBodySequence(data: body ?? Data()),
                                  remoteAddress: .ip4("127.0.0.1", port: 0))
        let response = await server.respond(to: request)
        var answer = [String: String]()
        for (name, value) in response.headers { answer[name.rawValue.lowercased()] = value }
        return RouteResponse(status: response.statusCode.code, headers: answer, body: try await response.bodyData)
    }

    public func get<T: Decodable & Sendable>(_ path: String, as type: T.Type = T.self,
                                             headers: [String: String] = [:]) async throws -> T {
        try Self.decode(try await checked("GET", path, body: nil, headers: headers))
    }

    public func post<B: Encodable & Sendable, T: Decodable & Sendable>(
        _ path: String, body: B, as type: T.Type = T.self, headers: [String: String] = [:]
    ) async throws -> T {
        try Self.decode(try await checked("POST", path, body: try WireJSON.encode(body), headers: headers))
    }

    public func post<T: Decodable & Sendable>(_ path: String, as type: T.Type = T.self,
                                              headers: [String: String] = [:]) async throws -> T {
        try Self.decode(try await checked("POST", path, body: nil, headers: headers))
    }

    public func signup(_ request: SignupRequest) async throws -> AuthResponse {
        let auth: AuthResponse = try await post("/v1/auth/signup", body: request)
        token = auth.token
        return auth
    }

    public func login(_ request: LoginRequest) async throws -> AuthResponse {
        let auth: AuthResponse = try await post("/v1/auth/login", body: request)
        token = auth.token
        return auth
    }

    private func checked(_ method: String, _ path: String, body: Data?,
                         headers: [String: String]) async throws -> RouteResponse {
        let response = try await send(method: method, path: path, body: body, headers: headers)
        guard response.isSuccess else { throw RouteError(response: response) }
        return response
    }

    private static func decode<T: Decodable>(_ response: RouteResponse) throws -> T {
        try WireJSON.decode(T.self, from: response.body)
    }
}
