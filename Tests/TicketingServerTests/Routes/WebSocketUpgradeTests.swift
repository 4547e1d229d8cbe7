import FlyingFox
import Foundation
import Testing
@testable import TicketingServer

/// Our handshake check answers every request as FlyingFox's `WebSocketHTTPHandler` does: the
/// same 101 with the same accept value, or a refusal with the same reason.
@Suite("WebSocket upgrade")
struct WebSocketUpgradeTests {
    private struct Silent: WSHandler {
        func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
            AsyncStream { $0.finish() }
        }
    }

    static let good: [(String, String)] = [
        ("Host", "x"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
    ]

    /// Each case changes one header of `good` (nil drops it).
    static let cases: [(String, String?)] = [
        ("Host", nil), ("Upgrade", nil), ("Upgrade", "WebSocket"), ("Upgrade", "h2c"),
        ("Connection", nil), ("Connection", "keep-alive, Upgrade"), ("Connection", "keep-alive"),
        ("Connection", " UPGRADE ,x"), ("Sec-WebSocket-Key", nil), ("Sec-WebSocket-Key", "short"),
        ("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"), ("Sec-WebSocket-Version", nil),
        ("Sec-WebSocket-Version", "8"), ("X-Other", "1"),
    ]

    private func request(_ change: (String, String?)) -> HTTPRequest {
        var headers = HTTPHeaders()
        for (name, value) in Self.good where name != change.0 { headers[HTTPHeader(name)] = value }
        if let value = change.1 { headers[HTTPHeader(change.0)] = value }
        return HTTPRequest(method: .GET, version: .http11, target: .init(path: "/v1/ws", query: ""),
                           headers: headers, body: HTTPBodySequence(data: Data()),
                           remoteAddress: .ip4("127.0.0.1", port: 9))
    }

    @Test(arguments: cases.indices)
    func answersAsFlyingFoxDoes(index: Int) async throws {
        let request = request(Self.cases[index])
        let theirs = try await WebSocketHTTPHandler(handler: Silent()).handleRequest(request)
        let ours = WebSocketUpgrade.response(to: RequestContext(request: request, params: [:], requestId: "t"),
                                             handler: Silent())
        switch ours {
        case .success(let response):
            #expect(theirs.statusCode == .switchingProtocols)
            #expect(response.statusCode == .switchingProtocols)
            #expect(response.headers[.webSocketAccept] == theirs.headers[.webSocketAccept])
            #expect(response.headers[.upgrade] == "websocket")
        case .failure(let failure):
            #expect(theirs.statusCode == .badRequest)
            let reason = String(decoding: try await theirs.bodyData, as: UTF8.self)
            #expect(failure.body.message == "not a valid WebSocket upgrade request: \(reason)")
        }
    }

    /// RFC 6455 §1.3's example key and accept value.
    @Test func acceptsTheRFCExample() {
        let request = request(("X-Other", "1"))
        let response = try? WebSocketUpgrade.response(to: RequestContext(request: request, params: [:], requestId: "t"),
                                                      handler: Silent()).get()
        #expect(response?.headers[.webSocketAccept] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}
