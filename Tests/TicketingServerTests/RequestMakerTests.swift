import FlyingFox
import Foundation
import Testing
@testable import TicketingServer

/// A request made without Foundation's URL decoding is the request FlyingFox makes, and only
/// paths that decoding leaves as they are skip it.
@Suite("Request maker")
struct RequestMakerTests {
    static let plain = ["/", "/health", "/v1/performances/prf_0a1B-2c/queue", "/v1/performances/prf_1/queue/me",
                        "/sandbox-gateway/v1/payments/confirm", "/v1/ws", "/A/b/C"]
    static let rewritten = ["", "v1", "/v1/", "/v1//queue", "//", "/v1/./queue", "/v1/../queue", "/v1/.", "/v1/a.json",
                            "/v1/%41", "/v1/a%2Fb", "/v1/a b", "/v1/é", "/v1/a+b", "/v1/a;b", "/v1/a~b"]

    private func flyingFox(_ path: String, query: String = "") -> HTTPRequest {
        HTTPRequest(method: .POST, version: .http11, target: .init(path: path, query: query),
                    headers: HTTPHeaders(), body: HTTPBodySequence(data: Data("x".utf8)),
                    remoteAddress: .ip4("127.0.0.1", port: 9))
    }

    private func ours(_ path: String, query: String = "") -> HTTPRequest {
        RequestMaker.make(method: .POST, version: .http11, path: path, query: query, headers: HTTPHeaders(),
                          body: Data("x".utf8), remote: .ip4("127.0.0.1", port: 9))
    }

    @Test(arguments: plain)
    func plainPathsAreWhatFlyingFoxMakes(path: String) async throws {
        #expect(RequestMaker.isPlain(path))
        let expected = flyingFox(path), made = ours(path)
        #expect(made.path == expected.path)
        #expect(made.query == expected.query)
        #expect(made.target.rawValue == expected.target.rawValue)
        #expect(made.method == expected.method && made.version == expected.version)
        #expect(made.remoteAddress == expected.remoteAddress)
        #expect(try await made.bodyData == Data("x".utf8))
    }

    @Test(arguments: rewritten)
    func otherPathsGoThroughFlyingFox(path: String) {
        #expect(!RequestMaker.isPlain(path))
        let expected = flyingFox(path), made = ours(path)
        #expect(made.path == expected.path && made.query == expected.query)
    }

    @Test func aQueryGoesThroughFlyingFox() {
        let made = ours("/v1/ws", query: "token=a%20b&x=1")
        #expect(made.query == [.init(name: "token", value: "a b"), .init(name: "x", value: "1")])
        #expect(made.path == "/v1/ws")
    }
}
