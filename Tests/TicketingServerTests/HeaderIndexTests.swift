import FlyingFox
import Testing
import TicketingNet
@testable import TicketingServer

@Suite("Header index")
struct HeaderIndexTests {
    /// Lookups read what FlyingFox's `HTTPHeaders` reads, whatever the case of either name.
    @Test func readsAsHTTPHeadersDoes() {
        let fields = [
            HeadField(name: "x-request-id", value: "abc"), HeadField(name: "Accept", value: "text/csv"),
            HeadField(name: "ACCEPT", value: "application/json"), HeadField(name: "authorization", value: "Bearer a"),
            HeadField(name: "Authorization", value: "Bearer b"), HeadField(name: "Content-Length", value: "12"),
        ]
        var headers = HTTPHeaders()
        for field in fields { headers.addValue(field.value, for: HTTPHeader(field.name)) }
        let index = HeaderIndex(fields: fields)
        for name in ["X-Request-Id", "accept", "Authorization", "content-length", "Idempotency-Key", "Host"] {
            #expect(index.value(name) == headers[HTTPHeader(name)], "\(name)")
            #expect(HeaderIndex(headers).value(name) == headers[HTTPHeader(name)], "\(name), from HTTPHeaders")
        }
        #expect(index.value("ACCEPT") == "text/csv, application/json")
        #expect(index.value("AUTHORIZATION") == "Bearer a")
        #expect(index.value("X-Request") == nil)
    }
}
