import FlyingFox
import Foundation
import TicketingNet
import TicketingProtocol

/// What the transport itself answers, always in the docs/API.md error envelope.
enum TransportResponses {
    static func failure(_ problem: HeadProblem) -> HTTPResponse {
        switch problem {
        case .requestLineTooLong:
            error(HTTPStatusCode(414, phrase: "URI Too Long"), .uriTooLong, "the request line is longer than the server accepts")
        case .headTooLarge:
            error(HTTPStatusCode(431, phrase: "Request Header Fields Too Large"), .headersTooLarge,
                  "the request head is larger than the server accepts")
        case .tooManyFields:
            error(HTTPStatusCode(431, phrase: "Request Header Fields Too Large"), .headersTooLarge,
                  "the request has more header fields than the server accepts")
        case .malformed(let why):
            error(.badRequest, .badRequest, "malformed request: \(why)")
        case .lengthAndChunked:
            error(.badRequest, .badRequest, "malformed request: both Content-Length and Transfer-Encoding")
        case .unsupportedTransferCoding:
            error(HTTPStatusCode(501, phrase: "Not Implemented"), .notImplemented,
                  "only the chunked transfer coding is supported")
        case .bodyTooLarge:
            APIFailure.payloadTooLarge.response
        }
    }

    static let headTimeout = error(HTTPStatusCode(408, phrase: "Request Timeout"), .requestTimeout,
                                   "the request was not received in time")
    static let overloaded: HTTPResponse = {
        var response = error(.serviceUnavailable, .overloaded, "the server has too many open connections; retry shortly")
        response.headers[HTTPHeader("Retry-After")] = "1"
        return response
    }()
    private static let overloadedBody = (try? WireJSON.encode(ErrorEnvelope(error: ErrorBody(
        code: .overloaded, message: "the server has too many open connections; retry shortly")))) ?? Data()

    /// Written straight from the accept loop, which must not wait on anything.
    static func overloadedBytes() -> Data {
        var response = overloaded
        response.headers[HTTPHeader("X-Request-Id")] = RequestIds.id(given: nil)
        return encode(response, body: overloadedBody, connection: "close", headOnly: false)
    }

    private static func error(_ status: HTTPStatusCode, _ code: ErrorCode, _ message: String) -> HTTPResponse {
        APIFailure(status, code, message).response
    }

    /// Status line, headers and body in one buffer so a response is one write. The length and
    /// the date are always ours; CR and LF in a handler's header values are dropped rather than sent.
    /// Bytes are appended directly and names compared byte-wise: no per-header lowered copies.
    static func encode(_ response: HTTPResponse, body: Data, connection: String?, headOnly: Bool) -> Data {
        let code = response.statusCode.code
        var out: [UInt8] = []
        out.reserveCapacity(256 + (headOnly ? 0 : body.count))
        append("HTTP/1.1 ", &out)
        append(String(code), &out)
        out.append(UInt8(ascii: " "))
        appendClean(response.statusCode.phrase, &out)
        append("\r\nDate: ", &out)
        append(HTTPDate.now(), &out)
        append("\r\n", &out)
        for (name, value) in response.headers {
            if ours.contains(where: { sameName(name.rawValue, $0) }) { continue }
            appendClean(name.rawValue, &out)
            append(": ", &out)
            appendClean(value, &out)
            append("\r\n", &out)
        }
        // RFC 9110 §8.6: no Content-Length on 1xx and 204, which never have a body.
        let bodiless = code == 204 || (100..<200).contains(code)
        if code == 101 {
            append("Connection: Upgrade\r\n", &out)
        } else {
            if !bodiless {
                append("Content-Length: ", &out)
                append(String(body.count), &out)
                append("\r\n", &out)
            }
            if let connection {
                append("Connection: ", &out)
                append(connection, &out)
                append("\r\n", &out)
            }
        }
        append("\r\n", &out)
        if !headOnly, !bodiless { out.append(contentsOf: body) }
        return Data(out)
    }

    /// The handler's answer says `Connection: close`, as `response.headers[.connection]` reads it
    /// (every value joined), without `HTTPHeaders`' hashed lookups.
    static func asksToClose(_ response: HTTPResponse) -> Bool {
        var values: [String] = []
        for (name, value) in response.headers where sameName(name.rawValue, "Connection") { values.append(value) }
        return !values.isEmpty && values.joined(separator: ", ").lowercased() == "close"
    }

    /// The fields the transport writes itself, whatever the handler set.
    private static let ours = ["Content-Length", "Transfer-Encoding", "Connection", "Date"]

    private static func sameName(_ name: String, _ other: String) -> Bool {
        name.utf8.count == other.utf8.count && zip(name.utf8, other.utf8).allSatisfy { lower($0) == lower($1) }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static func append(_ text: String, _ out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    private static func appendClean(_ text: String, _ out: inout [UInt8]) {
        for byte in text.utf8 where byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\n") { out.append(byte) }
    }
}
