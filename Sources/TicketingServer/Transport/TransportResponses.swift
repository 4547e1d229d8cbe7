import FlyingFox
import Foundation
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
    /// Written straight from the accept loop, which must not wait on anything.
    static let overloadedBytes: Data = {
        let body = (try? WireJSON.encode(ErrorEnvelope(error: ErrorBody(
            code: .overloaded, message: "the server has too many open connections; retry shortly")))) ?? Data()
        return encode(overloaded, body: body, connection: "close", headOnly: false)
    }()

    private static func error(_ status: HTTPStatusCode, _ code: ErrorCode, _ message: String) -> HTTPResponse {
        APIFailure(status, code, message).response
    }

    /// Status line, headers and body in one buffer so a response is one write. The length is
    /// always ours; CR and LF in a handler's header values are dropped rather than sent.
    static func encode(_ response: HTTPResponse, body: Data, connection: String?, headOnly: Bool) -> Data {
        var text = "HTTP/1.1 \(response.statusCode.code) \(clean(response.statusCode.phrase))\r\n"
        for (name, value) in response.headers {
            let lowered = name.rawValue.lowercased()
            if lowered == "content-length" || lowered == "transfer-encoding" || lowered == "connection" { continue }
            text += "\(clean(name.rawValue)): \(clean(value))\r\n"
        }
        if response.statusCode.code != 101 {
            text += "Content-Length: \(body.count)\r\n"
            if let connection { text += "Connection: \(connection)\r\n" }
        } else {
            text += "Connection: Upgrade\r\n"
        }
        text += "\r\n"
        var data = Data(text.utf8)
        if !headOnly { data.append(body) }
        return data
    }

    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" }) ? text.filter { $0 != "\r" && $0 != "\n" } : text
    }
}
