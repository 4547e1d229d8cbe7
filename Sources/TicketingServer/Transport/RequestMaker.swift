import FlyingFox
import Foundation

/// FlyingFox's `HTTPRequest` for a parsed request. Its initialisers run the target through
/// Foundation (`URLComponents`, then `URL.standardized` for the path) on every request, ~4 % of
/// a queue request's CPU (BENCHMARKS.md). A plain path with no query is what that decoding
/// returns unchanged, so it is set directly; anything else goes through FlyingFox as before.
enum RequestMaker {
    private static let template = HTTPRequest(method: .GET, version: .http11, target: .init(path: "/", query: ""),
                                              headers: HTTPHeaders(), body: HTTPBodySequence(data: Data()))

    static func make(method: HTTPMethod, version: HTTPVersion, path: String, query: String, headers: HTTPHeaders,
                     body: Data, remote: HTTPRequest.Address?) -> HTTPRequest {
        guard query.isEmpty, isPlain(path) else {
            return HTTPRequest(method: method, version: version, target: HTTPRequest.Target(path: path, query: query),
                               headers: headers, body: HTTPBodySequence(data: body), remoteAddress: remote)
        }
        var request = template
        request.method = method
        request.version = version
        request.target = HTTPRequest.Target(path: path, query: "")
        request.path = path
        request.query = []
        request.headers = headers
        request.bodySequence = HTTPBodySequence(data: body)
        request.remoteAddress = remote
        return request
    }

    /// "/" alone, or "/"-separated non-empty segments of ASCII letters, digits, '-' and '_': no
    /// escapes, dot segments, empty segments or trailing slash for Foundation to rewrite.
    static func isPlain(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        var previous = UInt8(ascii: "/")
        for byte in bytes.dropFirst() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                break
            case UInt8(ascii: "/"):
                if previous == UInt8(ascii: "/") { return false }
            default:
                return false
            }
            previous = byte
        }
        return previous != UInt8(ascii: "/")
    }
}
