import Foundation

/// One HTTP request as the caller means it; `HTTPClient` adds `Host` and `Content-Length`.
/// Public: the request type of `HTTPClient.send`.
public struct ClientRequest: Sendable, Equatable {
    public var method: String
    /// Path with its query, percent-encoded, e.g. `/v1/coupons?performanceId=p1`.
    public var path: String
    public var headers: [String: String]
    public var body: Data?

    public init(method: String, path: String, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// Public: the answer of `HTTPClient.send`.
public struct ClientResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Public: how an `HTTPClient.send` failed; the payment client classifies it as retryable or not.
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
    /// No complete response within the client's timeout; the connection used is discarded.
    case timedOut(seconds: Double)
    case connectionFailed(String)
    /// The server closed the connection before a complete response.
    case connectionClosed
    case invalidRequest(String)
    case invalidResponse(String)
    case responseTooLarge(limit: Int)
    case transport(String)
    /// TLS could not be established (nothing was sent): a rejected certificate, a failed handshake.
    case tls(TLSError)

    public var description: String {
        switch self {
        case .timedOut(let seconds): "no response within \(seconds) s"
        case .connectionFailed(let reason): "cannot connect: \(reason)"
        case .connectionClosed: "the server closed the connection before responding"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .invalidResponse(let reason): "invalid response: \(reason)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .transport(let reason): "network error: \(reason)"
        case .tls(let failure): failure.description
        }
    }
}
