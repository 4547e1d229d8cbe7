import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Bad input gets an API error and changes nothing")
struct RobustnessTests {
    private func errorCode(_ response: ClientResponse) -> String? {
        (try? WireJSON.decode(ErrorEnvelope.self, from: response.body))?.error.code
    }

    @Test func malformedWrongTypesMissingAndUnknownFields() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let api = server.client()
        let json = ["Content-Type": "application/json"]
        let cases: [(String, String)] = [
            ("{\"email\": ", "not valid JSON"),
            ("{\"email\":\"a@b.co\",\"password\":12345678,\"name\":\"A\",\"role\":\"buyer\"}", "password"),
            ("{\"email\":\"a@b.co\",\"name\":\"A\",\"role\":\"buyer\"}", "password"),
            ("[1,2,3]", "wrong type"),
            ("", "required"),
        ]
        for (body, hint) in cases {
            let response = try await api.send(method: "POST", path: "/v1/auth/signup", body: Data(body.utf8), headers: json)
            #expect(response.status == 400, "body \(body)")
            #expect(errorCode(response) == "bad_request")
            let message = (try? WireJSON.decode(ErrorEnvelope.self, from: response.body))?.error.message ?? ""
            #expect(message.contains(hint), "message '\(message)' should mention \(hint)")
        }
        let extra = "{\"email\":\"x@example.com\",\"password\":\"password1\",\"name\":\"X\",\"role\":\"buyer\",\"shoeSize\":44}"
        let created = try await api.send(method: "POST", path: "/v1/auth/signup", body: Data(extra.utf8), headers: json)
        #expect(created.status == 201)
    }

    @Test func unknownRoutesWrongMethodsAndHealth() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let api = server.client()
        let missing = try await api.send(method: "GET", path: "/v1/nothing-here", body: nil, headers: [:])
        #expect(missing.status == 404 && errorCode(missing) == "not_found")
        let wrong = try await api.send(method: "DELETE", path: "/v1/auth/login", body: nil, headers: [:])
        #expect(wrong.status == 405)
        #expect(wrong.headers["allow"] == "POST")
        // Minted ids are unique per request.
        #expect(missing.headers["x-request-id"].map { !$0.isEmpty } == true)
        #expect(missing.headers["x-request-id"] != wrong.headers["x-request-id"])
        let health = try await api.send(method: "GET", path: "/health", body: nil, headers: ["X-Request-Id": "trace-42"])
        #expect(health.status == 200)
        #expect(String(decoding: health.body, as: UTF8.self).contains("\"ok\""))
        #expect(health.headers["x-request-id"] == "trace-42")
        let metrics = try await api.send(method: "GET", path: "/metrics", body: nil, headers: [:])
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains("qticket_http_requests_total"))
        #expect(text.contains("route=\"/health\""))
        #expect(text.contains("qticket_http_request_duration_seconds_bucket"))
    }

    @Test func oversizedBodyIsRefusedBeforeReading() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        // Declares 5 MiB but sends nothing more: the answer must not wait for the body.
        socket.write("POST /v1/auth/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5242880\r\n\r\n{")
        let reply = await socket.readAll { $0.contains("payload_too_large") }
        #expect(reply.hasPrefix("HTTP/1.1 413"))
        #expect(reply.contains("payload_too_large"))
        let after = try await server.client().send(method: "GET", path: "/health", body: nil, headers: [:])
        #expect(after.status == 200)
    }

    @Test func garbageBytesCloseTheConnectionAndTheServerKeepsServing() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        for garbage in [[UInt8](repeating: 0xFF, count: 300), Array("\u{16}\u{03}\u{01}\u{02}\0\0hello\r\n\r\n".utf8)] {
            let socket = try RawSocket(port: server.port)
            socket.write(garbage)
            let reply = await socket.readAll()
            #expect(!reply.contains("HTTP/1.1 200"))
        }
        let after = try await server.client().send(method: "GET", path: "/health", body: nil, headers: [:])
        #expect(after.status == 200)
        #expect(try await server.server.storage.userCount() == 0)
    }
}
