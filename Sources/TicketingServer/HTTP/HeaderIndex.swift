import FlyingFox
import TicketingNet

/// A request's header fields, looked up by comparing bytes without regard to case. FlyingFox's
/// `HTTPHeader` lowers its name on every hash and compares names through Foundation's
/// `caseInsensitiveCompare` on every dictionary probe (twice per lookup: the value, then
/// whether it may be combined), which made a few lookups a visible share of a request's CPU
/// (BENCHMARKS.md). Values read as `HTTPHeaders` reads them: repeated fields joined with ", ",
/// except for the fields that are never combined.
struct HeaderIndex: Sendable {
    private var fields: [HeadField]

    init(fields: [HeadField]) {
        self.fields = fields
    }

    /// From an already built request (in-process clients, tests).
    init(_ headers: HTTPHeaders) {
        fields = headers.map { HeadField(name: $0.key.rawValue, value: $0.value) }
    }

    /// The fields as FlyingFox's type, for code that reads `HTTPRequest.headers`.
    var httpHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        for field in fields { headers.addValue(field.value, for: HTTPHeader(field.name)) }
        return headers
    }

    func value(_ name: String) -> String? {
        var found: String?
        for field in fields where RequestHead.sameName(field.name, name) {
            guard let sofar = found else {
                found = field.value
                continue
            }
            if Self.neverCombined.contains(where: { RequestHead.sameName($0, name) }) { break }
            found = sofar + ", " + field.value
        }
        return found
    }

    /// As FlyingFox's `HTTPHeaders` has them.
    private static let neverCombined = ["Cookie", "Set-Cookie", "Date", "ETag", "Content-Length", "Content-Type",
                                        "Authorization", "Host"]
}

/// A handler the transport can give the header fields it parsed, so lookups skip `HTTPHeaders`.
protocol IndexedHTTPHandler: HTTPHandler {
    func handleRequest(_ request: HTTPRequest, headers: HeaderIndex) async throws -> HTTPResponse
}
