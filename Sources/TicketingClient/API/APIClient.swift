import Foundation
import TicketingProtocol

/// Typed access to the QueueTicket API over one kept-alive `HTTPClient`.
///
/// Holds the bearer token: `signup` and `login` store the one they receive, and every later call
/// sends it. Non-2xx answers throw `APIError`; transport failures throw `HTTPClientError`.
/// `retry` decides whether a refused connection, a reset or a 502/503 is tried again
/// (`RetryPolicy.none`, the default: never).
public actor APIClient {
    public nonisolated let http: HTTPClient
    public nonisolated let retry: RetryPolicy
    /// Hears each repeated try and why (for a load generator's tallies).
    public nonisolated let onRetry: @Sendable (String) -> Void
    public private(set) var token: String?

    /// - Parameter tls: speak HTTPS, verifying the server against these roots and `host`.
    public init(host: String, port: UInt16, token: String? = nil, timeout: TimeInterval = 30,
                tls: TLSOptions? = nil, retry: RetryPolicy = .none,
                onRetry: @escaping @Sendable (String) -> Void = { _ in }) {
        self.http = HTTPClient(host: host, port: port, timeout: timeout, tls: tls)
        self.retry = retry
        self.onRetry = onRetry
        self.token = token
    }

    public func setToken(_ token: String?) {
        self.token = token
    }

    // MARK: Generic calls

    public func get<T: Decodable & Sendable>(_ path: String, as type: T.Type = T.self,
                                             headers: [String: String] = [:]) async throws -> T {
        try decode(T.self, from: try await checked(method: "GET", path: path, body: nil, headers: headers))
    }

    public func post<B: Encodable & Sendable, T: Decodable & Sendable>(
        _ path: String, body: B, as type: T.Type = T.self, headers: [String: String] = [:]
    ) async throws -> T {
        let data = try WireJSON.encode(body)
        return try decode(T.self, from: try await checked(method: "POST", path: path, body: data, headers: headers))
    }

    /// A POST that carries no data (join a queue, claim a coupon).
    public func post<T: Decodable & Sendable>(_ path: String, as type: T.Type = T.self,
                                              headers: [String: String] = [:]) async throws -> T {
        try decode(T.self, from: try await checked(method: "POST", path: path, body: nil, headers: headers))
    }

    public func delete(_ path: String, headers: [String: String] = [:]) async throws {
        _ = try await checked(method: "DELETE", path: path, body: nil, headers: headers)
    }

    /// The raw exchange with the token attached, retried as `retry` says; any status is
    /// returned, none thrown.
    public func send(method: String, path: String, body: Data? = nil,
                     headers: [String: String] = [:]) async throws -> ClientResponse {
        var all = ["Accept": "application/json"]
        if body != nil { all["Content-Type"] = "application/json" }
        if let token { all["Authorization"] = "Bearer \(token)" }
        all.merge(headers) { _, given in given }
        let request = ClientRequest(method: method, path: path, headers: all, body: body)
        guard retry.maxAttempts > 1 || retry.keyUnsafeRequests else { return try await http.send(request) }
        return try await retry.send(request, attempt: { [http] in try await http.send($0) }, onRetry: onRetry)
    }

    private func checked(method: String, path: String, body: Data?,
                         headers: [String: String]) async throws -> ClientResponse {
        let response = try await send(method: method, path: path, body: body, headers: headers)
        guard response.isSuccess else { throw APIError(response: response) }
        return response
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: ClientResponse) throws -> T {
        do {
            return try WireJSON.decode(T.self, from: response.body)
        } catch {
            throw ResponseDecodingError(status: response.status, expectedType: String(describing: T.self),
                                        reason: String(describing: error),
                                        body: String(decoding: response.body, as: UTF8.self))
        }
    }
}

/// Percent-encodes an opaque id for use as one path segment.
func segment(_ id: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove("/")
    return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
}
