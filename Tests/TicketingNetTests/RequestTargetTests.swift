import Testing
@testable import TicketingNet

@Suite("Request target and Host (RFC 9112 §3.2)")
struct RequestTargetTests {
    private func head(_ target: String, minor: Int = 1, hosts: [String]) -> RequestHead {
        RequestHead(method: "GET", target: target, minorVersion: minor, fields: hosts.map { HeadField(name: "host", value: $0) })
    }

    @Test func originFormKeepsHostAsTheAuthority() throws {
        let target = try RequestTarget.of(head("/v1/orders?x=1&y", hosts: ["shop.example:8080"])).get()
        #expect(target == RequestTarget(path: "/v1/orders", query: "x=1&y", authority: "shop.example:8080"))
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080/health", "127.0.0.1:8080", "/health", ""),
        ("HTTPS://Example.COM/v1/a?b=c", "Example.COM", "/v1/a", "b=c"),
        ("http://example.com", "example.com", "/", ""),
        ("http://example.com?q=1", "example.com", "/", "q=1"),
        ("http://[::1]:80/x", "[::1]:80", "/x", ""),
    ])
    func absoluteFormsAuthorityReplacesHost(_ raw: String, _ authority: String, _ path: String, _ query: String) throws {
        let target = try RequestTarget.of(head(raw, hosts: ["ignored"])).get()
        #expect(target == RequestTarget(path: path, query: query, authority: authority, absolute: true))
    }

    @Test func hostMustBePresentOnceAndValid() {
        #expect(RequestTarget.of(head("/", hosts: [])) == .failure(.malformed("an HTTP/1.1 request needs a Host header")))
        #expect(RequestTarget.of(head("/", hosts: ["a", "a"])) == .failure(.malformed("more than one Host header")))
        #expect(RequestTarget.of(head("/", minor: 0, hosts: ["a", "b"])) == .failure(.malformed("more than one Host header")))
        #expect(RequestTarget.of(head("/", hosts: ["a/b"])) == .failure(.malformed("the Host header is not a valid host")))
        #expect(RequestTarget.of(head("/", hosts: ["a b"])) == .failure(.malformed("the Host header is not a valid host")))
        #expect((try? RequestTarget.of(head("/", minor: 0, hosts: [])).get())?.authority == nil)
        #expect((try? RequestTarget.of(head("/", hosts: [""])).get())?.authority == "")
    }

    @Test(arguments: ["http://user@host/x", "http:///x", "http://:80/x", "http://a b/x"])
    func absoluteFormsWithoutAValidAuthorityAreRefused(_ raw: String) {
        guard case .failure(.malformed) = RequestTarget.of(head(raw, hosts: ["h"])) else {
            Issue.record("accepted \(raw)")
            return
        }
    }

    @Test func theDateIsIMFFixdateAndCachedPerSecond() {
        // RFC 9110 §5.6.7's own example.
        #expect(HTTPDate.format(second: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(second: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.at(second: 1_800_000_000) == "Fri, 15 Jan 2027 08:00:00 GMT")
        #expect(HTTPDate.at(second: 1_800_000_000) == HTTPDate.format(second: 1_800_000_000))
        #expect(HTTPDate.at(second: 1_800_000_001) == "Fri, 15 Jan 2027 08:00:01 GMT")
    }
}
