import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol

/// An error that becomes a docs/API.md error envelope; handlers throw it, the root handler renders it.
public struct APIFailure: Error, Sendable {
    public var status: HTTPStatusCode
    public var body: ErrorBody
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatusCode, _ code: ErrorCode, _ message: String,
                unavailable: [String]? = nil, problems: [String]? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.body = ErrorBody(code: code, message: message, unavailable: unavailable, problems: problems)
        self.headers = headers
    }

    public static func badRequest(_ message: String, problems: [String]? = nil) -> APIFailure {
        APIFailure(.badRequest, .badRequest, message, problems: problems)
    }
    /// Broken validation rules: `problems` in English and `problemDetails` with their codes, the
    /// message all of them joined.
    public static func badRequest(_ found: [Problem]) -> APIFailure {
        var failure = APIFailure.badRequest(found.map(\.message).joined(separator: "; "), problems: found.map(\.message))
        failure.body.problemDetails = found.map(ProblemDetail.init)
        return failure
    }
    public static let unauthorized = APIFailure(.unauthorized, .unauthorized,
                                                "a valid bearer token is required")
    public static func forbidden(_ message: String) -> APIFailure { APIFailure(.forbidden, .forbidden, message) }
    public static func notFound(_ what: String) -> APIFailure { APIFailure(.notFound, .notFound, "\(what) not found") }
    public static func conflict(_ code: ErrorCode, _ message: String) -> APIFailure {
        APIFailure(.conflict, code, message)
    }
    public static func unprocessable(_ code: ErrorCode, _ message: String, problems: [String]? = nil) -> APIFailure {
        APIFailure(HTTPStatusCode(422, phrase: "Unprocessable Content"), code, message, problems: problems)
    }
    public static let payloadTooLarge = APIFailure(.payloadTooLarge, .payloadTooLarge,
                                                   "request body is larger than 1 MiB")
    public static func rateLimited(retryAfter seconds: Int) -> APIFailure {
        APIFailure(.tooManyRequests, .rateLimited, "too many requests; retry in \(seconds) s",
                   headers: [HTTPHeader("Retry-After"): String(seconds)])
    }
    /// A shared backend is down or unreachable: nothing was applied, or what was committed stands
    /// and a retry finds it (docs/RELIABILITY.md); never a 500.
    public static func serviceUnavailable(retryAfter seconds: Int) -> APIFailure {
        APIFailure(.serviceUnavailable, .serviceUnavailable,
                   "a backend this request needs is unreachable; retry in \(seconds) s",
                   headers: [HTTPHeader("Retry-After"): String(seconds)])
    }
    public static let holdGone = APIFailure(HTTPStatusCode(410, phrase: "Gone"), .holdExpired,
                                            "this hold has expired or was released; hold seats again")
    public static let internalError = APIFailure(.internalServerError, .internalError,
                                                 "the server failed; the request was not applied")

    var response: HTTPResponse {
        var response = HTTPResponse.json(status, ErrorEnvelope(error: body))
        // By name, not by (name, value) pair: the subscript setter keeps one value, which
        // turned `Allow: GET, POST` into `Allow: POST`.
        for name in headers.keys { response.headers.setValues(headers.values(for: name), for: name) }
        return response
    }
}

extension HTTPResponse {
    /// Built once: `HTTPHeaders` hashes a lowered copy of every name and compares names through
    /// Foundation, so a literal per response was a visible cost (BENCHMARKS.md).
    static let jsonHeaders: HTTPHeaders = [.contentType: "application/json; charset=utf-8"]

    static func json(_ status: HTTPStatusCode, _ value: some Encodable) -> HTTPResponse {
        let data = (try? WireJSON.encode(value)) ?? Data("{}".utf8)
        return HTTPResponse(statusCode: status, headers: jsonHeaders, body: data)
    }

    /// The hot bodies write their own bytes (`WireWritable`); the same JSON, without an encoder.
    static func json(_ status: HTTPStatusCode, _ value: some WireWritable) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: jsonHeaders, body: value.wireJSON)
    }

    static func noContent() -> HTTPResponse {
        HTTPResponse(statusCode: .noContent)
    }
}
