import FlyingFox
import Foundation
import Testing
@testable import TicketingClient
@testable import TicketingNet

@Suite("HTTPClient against FlyingFox")
struct HTTPClientTests {
    @Test func keepsOneConnectionAliveOverManySequentialRequests() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port)
            var peers: Set<String> = []
            for _ in 0..<200 {
                let response = try await client.send(ClientRequest(method: "GET", path: "/peer"))
                #expect(response.status == 200)
                peers.insert(String(decoding: response.body, as: UTF8.self))
            }
            #expect(peers.count == 1)
            #expect(await client.connectionsOpened == 1)
        }
    }

    @Test func sendsBodyAndHeadersAndReadsResponseHeadersLowerCased() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let client = HTTPClient(host: "localhost", port: server.port)
            let body = Data("héllo wörld".utf8)
            let response = try await client.send(ClientRequest(method: "POST", path: "/echo",
                                                               headers: ["X-Test": "42"], body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.headers["x-method"] == "POST")
            #expect(response.header("X-Seen") == "42")
            #expect(response.headers["content-length"] == String(body.count))
        }
    }

    @Test func decodesChunkedBodies() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port)
            for _ in 0..<3 {
                let response = try await client.send(ClientRequest(method: "GET", path: "/chunked"))
                #expect(response.headers["transfer-encoding"] == "chunked")
                #expect(Array(response.body) == chunkedPayload)
            }
            #expect(await client.connectionsOpened == 1)
        }
    }

    @Test func emptyNoContentResponseKeepsTheConnection() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port)
            let deleted = try await client.send(ClientRequest(method: "DELETE", path: "/thing"))
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            let next = try await client.send(ClientRequest(method: "GET", path: "/json"))
            #expect(next.status == 200)
            #expect(await client.connectionsOpened == 1)
        }
    }

    @Test func concurrentClientsEachGetTheirOwnAnswers() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for clientIndex in 0..<8 {
                    group.addTask {
                        let client = HTTPClient(host: "127.0.0.1", port: server.port)
                        for requestIndex in 0..<25 {
                            let text = "client \(clientIndex) request \(requestIndex)"
                            let response = try await client.send(
                                ClientRequest(method: "POST", path: "/echo", body: Data(text.utf8)))
                            #expect(String(decoding: response.body, as: UTF8.self) == text)
                        }
                        #expect(await client.connectionsOpened == 1)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func concurrentCallsOnOneClientAreSerialisedOverOneConnection() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            // The timeout counts queueing: 40 calls in line on a loaded machine need room.
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 120)
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let response = try await client.send(
                            ClientRequest(method: "POST", path: "/echo", body: Data("call \(index)".utf8)))
                        return (index, String(decoding: response.body, as: UTF8.self))
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            #expect(bodies.count == 40)
            #expect(bodies.allSatisfy { $0.value == "call \($0.key)" })
            #expect(await client.connectionsOpened == 1)
        }
    }

    @Test func timesOutAgainstAServerThatNeverAnswersAndRecovers() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
            let started = ContinuousClock.now
            await #expect(throws: HTTPClientError.timedOut(seconds: 0.3)) {
                try await client.send(ClientRequest(method: "GET", path: "/never"), timeout: 0.3)
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            // Under load the deadline may fall during connect; either way the next call needs a new connection.
            let openedBefore = await client.connectionsOpened
            let after = try await client.send(ClientRequest(method: "GET", path: "/json"))
            #expect(after.status == 200)
            #expect(await client.connectionsOpened == openedBefore + 1)
        }
    }

    @Test func reconnectsAfterTheServerRestarts() async throws {
        let first = try await TestServer.start(configure: addHTTPRoutes)
        let client = HTTPClient(host: "127.0.0.1", port: first.port)
        let before = try await client.send(ClientRequest(method: "GET", path: "/peer"))
        await first.stop()
        let second = try await TestServer.start(port: first.port, configure: addHTTPRoutes)
        do {
            let after = try await client.send(ClientRequest(method: "GET", path: "/peer"))
            #expect(after.status == 200)
            #expect(after.body != before.body)
            #expect(await client.connectionsOpened == 2)
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
    }

    /// Hundreds of short connections recycle fd numbers quickly while others stay kept alive. The
    /// close race `AsyncSocketPool.barrier()` guards against is too rare to provoke on purpose;
    /// this checks that churn, explicit `close()` and reuse keep working together.
    @Test func churnsThroughShortLivedConnections() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 30)
                        for index in 0..<100 {
                            let headers = index.isMultiple(of: 2) ? ["Connection": "close"] : [:]
                            let response = try await client.send(ClientRequest(method: "GET", path: "/json",
                                                                               headers: headers))
                            #expect(response.status == 200)
                            if index % 10 == 9 { await client.close() }
                        }
                        return await client.connectionsOpened
                    }
                }
                for try await opened in group {
                    #expect(opened == 60)
                }
            }
        }
    }

    @Test func refusedConnectionFailsFast() async throws {
        let server = try await TestServer.start(configure: addHTTPRoutes)
        let port = server.port
        await server.stop()
        let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 30)
        await #expect {
            try await client.send(ClientRequest(method: "GET", path: "/json"))
        } throws: { error in
            if case HTTPClientError.connectionFailed = error { return true }
            return false
        }
    }

    @Test func rejectsRequestsThatWouldSmuggleHeaders() async throws {
        let client = HTTPClient(host: "127.0.0.1", port: 1)
        await #expect(throws: HTTPClientError.self) {
            try await client.send(ClientRequest(method: "GET", path: "/x", headers: ["X-A": "1\r\nX-B: 2"]))
        }
        await #expect(throws: HTTPClientError.self) {
            try await client.send(ClientRequest(method: "GET", path: "/x y"))
        }
        #expect(await client.connectionsOpened == 0)
    }
}
