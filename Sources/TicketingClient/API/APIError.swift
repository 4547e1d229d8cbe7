import Foundation
import TicketingProtocol

/// A non-2xx answer from the QueueTicket API, read from its `{"error": {...}}` envelope.
public struct APIError: Error, Equatable, CustomStringConvertible {
    public var status: Int
    /// The wire code (`"seat_unavailable"`…), or `"internal"` when the body was not an envelope.
    public var code: String
    public var message: String
    /// The decoded envelope body with its extra fields (`unavailable`, `problems`), if there was one.
    public var body: ErrorBody?
    /// Seconds from a `Retry-After` header (sent with 429 `rate_limited`).
    public var retryAfter: Int?

    public init(status: Int, code: String, message: String, body: ErrorBody? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.body = body
        self.retryAfter = retryAfter
    }

    public init(response: ClientResponse) {
        let retryAfter = response.header("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let envelope = try? WireJSON.decode(ErrorEnvelope.self, from: response.body) {
            self.init(status: response.status, code: envelope.error.code, message: envelope.error.message,
                      body: envelope.error, retryAfter: retryAfter)
        } else {
            let text = String(decoding: response.body, as: UTF8.self)
            self.init(status: response.status, code: ErrorCode.internalError.rawValue,
                      message: text.isEmpty ? "HTTP \(response.status) with an empty body" : text,
                      retryAfter: retryAfter)
        }
    }

    /// The closed-enum code, nil for a code this client does not know yet.
    public var errorCode: ErrorCode? { ErrorCode(rawValue: code) }

    public var description: String { "\(status) \(code): \(message)" }
}

/// A 2xx answer whose body did not decode as the expected type.
public struct ResponseDecodingError: Error, CustomStringConvertible {
    public var status: Int
    public var expectedType: String
    public var reason: String
    public var body: String

    public var description: String {
        "HTTP \(status) body is not a \(expectedType): \(reason) — \(body.prefix(200))"
    }
}
