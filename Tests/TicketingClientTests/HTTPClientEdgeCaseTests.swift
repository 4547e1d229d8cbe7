import Foundation
import Testing
@testable import TicketingClient
@testable import TicketingNet

/// Scripted servers for what FlyingFox never does: drop requests, cut responses, unusual framing.
@Suite("HTTPClient against scripted servers")
struct HTTPClientEdgeCaseTests {
    static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    @Test func retriesOnceWhenAKeptAliveConnectionDiesBeforeAnswering() async throws {
        let requests = Counter()
        try await withRawServer({ connection, index in
            try await connection.answer(with: Self.ok, counting: requests)
            if index == 0 {
                try await connection.answer(with: nil, counting: requests)
                // Returning closes the connection without a byte of response.
            }
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            let first = try await client.send(ClientRequest(method: "GET", path: "/a"))
            let second = try await client.send(ClientRequest(method: "POST", path: "/b", headers: ["Idempotency-Key": "k1"],
                                                             body: Data("x".utf8)))
            #expect(first.body == Data("ok".utf8))
            #expect(second.body == Data("ok".utf8))
            #expect(await client.connectionsOpened == 2)
            #expect(await requests.value == 3)
        }
    }

    /// The server may have acted on a request before dropping the connection: a POST without an
    /// Idempotency-Key must not be sent twice behind the caller's back.
    @Test func doesNotRepeatAPostThatMayHaveBeenProcessed() async throws {
        let requests = Counter()
        try await withRawServer({ connection, index in
            try await connection.answer(with: Self.ok, counting: requests)
            if index == 0 {
                try await connection.answer(with: nil, counting: requests)
            }
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            _ = try await client.send(ClientRequest(method: "GET", path: "/a"))
            await #expect(throws: HTTPClientError.self) {
                try await client.send(ClientRequest(method: "POST", path: "/b", body: Data("x".utf8)))
            }
            #expect(await requests.value == 2)
        }
    }

    @Test func doesNotRetryOnceAnyResponseByteArrived() async throws {
        let requests = Counter()
        try await withRawServer({ connection, index in
            try await connection.answer(with: Self.ok, counting: requests)
            try await connection.answer(with: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", counting: requests)
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            _ = try await client.send(ClientRequest(method: "GET", path: "/a"))
            await #expect(throws: HTTPClientError.connectionClosed) {
                try await client.send(ClientRequest(method: "POST", path: "/pay"))
            }
            #expect(await requests.value == 2)
        }
    }

    @Test func doesNotRetryOnAFreshConnection() async throws {
        let requests = Counter()
        try await withRawServer({ connection, _ in
            try await connection.answer(with: nil, counting: requests)
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            await #expect(throws: HTTPClientError.connectionClosed) {
                try await client.send(ClientRequest(method: "GET", path: "/a"))
            }
            #expect(await requests.value == 1)
            #expect(await client.connectionsOpened == 1)
        }
    }

    @Test func readsChunkExtensionsAndTrailersThenServesTheNextResponse() async throws {
        try await withRawServer({ connection, _ in
            try await connection.readRequest()
            try await connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nX-A: 2\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n")
            try await connection.readRequest()
            try await connection.write(Self.ok)
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            let chunked = try await client.send(ClientRequest(method: "GET", path: "/a"))
            #expect(String(decoding: chunked.body, as: UTF8.self) == "hello 0123456789")
            #expect(chunked.headers["x-a"] == "1, 2")
            let next = try await client.send(ClientRequest(method: "GET", path: "/b"))
            #expect(next.body == Data("ok".utf8))
            #expect(await client.connectionsOpened == 1)
        }
    }

    @Test func readsABodyEndedByCloseAndThenReconnects() async throws {
        try await withRawServer({ connection, _ in
            try await connection.readRequest()
            try await connection.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello")
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            let first = try await client.send(ClientRequest(method: "GET", path: "/a"))
            #expect(first.status == 200)
            #expect(first.body == Data("hello".utf8))
            let second = try await client.send(ClientRequest(method: "GET", path: "/a"))
            #expect(second.body == Data("hello".utf8))
            #expect(await client.connectionsOpened == 2)
        }
    }

    @Test(arguments: [
        "HTTP/1.1 2000 OK\r\n\r\n",
        "SPDY/3 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded: header\r\n\r\n",
    ])
    func rejectsMalformedResponses(_ script: String) async throws {
        try await withRawServer({ connection, _ in
            try await connection.readRequest()
            try await connection.write(script)
            _ = try? await connection.readRequest()
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            await #expect {
                try await client.send(ClientRequest(method: "GET", path: "/a"))
            } throws: { error in
                if case HTTPClientError.invalidResponse = error { return true }
                return false
            }
        }
    }

    @Test func refusesBodiesOverTheLimit() async throws {
        try await withRawServer({ connection, _ in
            try await connection.readRequest()
            try await connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        }) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30, maxResponseBytes: 10)
            await #expect(throws: HTTPClientError.responseTooLarge(limit: 10)) {
                try await client.send(ClientRequest(method: "GET", path: "/a"))
            }
        }
    }
}
