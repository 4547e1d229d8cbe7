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
    static func encode(_ response: HTTPResponse, body: Data, connection: String?, headOnly: Bool) -> Data {
        var text = "HTTP/1.1 \(response.statusCode.code) \(clean(response.statusCode.phrase))\r\n"
        text += "Date: \(HTTPDate.now())\r\n"
        for (name, value) in response.headers {
            let lowered = name.rawValue.lowercased()
            if lowered == "content-length" || lowered == "transfer-encoding" || lowered == "connection"
                || lowered == "date" { continue }
            text += "\(clean(name.rawValue)): \(clean(value))\r\n"
        }
        let code = response.statusCode.code
        // RFC 9110 §8.6: no Content-Length on 1xx and 204, which never have a body.
        let bodiless = code == 204 || (100..<200).contains(code)
        if code == 101 {
            text += "Connection: Upgrade\r\n"
        } else {
            if !bodiless { text += "Content-Length: \(body.count)\r\n" }
            if let connection { text += "Connection: \(connection)\r\n" }
        }
        text += "\r\n"
        var data = Data(text.utf8)
        if !headOnly, !bodiless { data.append(body) }
        return data
    }

    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" }) ? text.filter { $0 != "\r" && $0 != "\n" } : text
    }
}
