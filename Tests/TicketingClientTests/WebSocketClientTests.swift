import FlyingFox
import Foundation
import Testing
import TicketingProtocol
@testable import TicketingClient
@testable import TicketingNet

@Suite("WebSocketClient against FlyingFox", .timeLimit(.minutes(1)))
struct WebSocketClientTests {
    @Test func echoesTextAndBinary() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/echo")
            try await socket.send(text: "hello, 세계")
            #expect(try await socket.receive(timeout: 30) == .text("hello, 세계"))
            let bytes = Data((0..<300).map { UInt8(truncatingIfNeeded: $0) })
            try await socket.send(data: bytes)
            #expect(try await socket.receive(timeout: 30) == .data(bytes))
            await socket.close()
        }
    }

    @Test(arguments: ["/echo", "/echo-fragmented"])
    func echoesLargeMessagesBothWays(path: String) async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: path)
            let binary = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let text = String(repeating: "좌석 seat ", count: 9_000)
            #expect(text.utf8.count > 65_535)
            try await socket.send(data: binary)
            try await socket.send(text: text)
            #expect(try await socket.receive(timeout: 30) == .data(binary))
            #expect(try await socket.receive(timeout: 30) == .text(text))
            await socket.close()
        }
    }

    @Test func keepsConcurrentSendsWhole() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/echo")
            let payloads = (0..<20).map { String(repeating: Character(UnicodeScalar(UInt8(65 + $0))), count: 70_000) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for payload in payloads {
                    group.addTask { try await socket.send(text: payload) }
                }
                try await group.waitForAll()
            }
            var received: Set<String> = []
            for _ in payloads {
                guard case .text(let text)? = try await socket.receive(timeout: 30) else {
                    Issue.record("expected a text echo")
                    break
                }
                received.insert(text)
            }
            #expect(received == Set(payloads))
            await socket.close()
        }
    }

    @Test func pingWaitsForThePong() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/echo")
            for _ in 0..<5 {
                let roundTrip = try await socket.ping()  // throws unless the pong arrives
                #expect(roundTrip > .zero)
            }
            await socket.close()
        }
    }

    @Test func jsonRoundTripAndMessagesSequence() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/echo")
            let subscribe = ClientSocketMessage(type: "queue.subscribe", performanceId: "p1")
            try await socket.sendJSON(subscribe)
            #expect(try await socket.nextJSON(ClientSocketMessage.self, timeout: 30) == subscribe)
            try await socket.send(text: "one")
            try await socket.send(text: "two")
            var seen: [WebSocketMessage] = []
            for try await message in socket.messages {
                seen.append(message)
                if seen.count == 2 { break }
            }
            #expect(seen == [.text("one"), .text("two")])
            await socket.close()
        }
    }

    @Test func receiveTimesOutWithoutLosingTheNextMessage() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/echo")
            await #expect(throws: WebSocketError.timedOut(seconds: 0.2)) {
                try await socket.receive(timeout: 0.2)
            }
            try await socket.send(text: "late")
            #expect(try await socket.receive(timeout: 30) == .text("late"))
            await socket.close()
        }
    }

    @Test func closeHandshakeEndsTheStreamAndRefusesFurtherSends() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/echo")
            try await socket.send(text: "before close")
            #expect(try await socket.receive(timeout: 30) == .text("before close"))
            await socket.close(code: 1000, reason: "done")
            #expect(await socket.isOpen == false)
            #expect(await socket.serverClose?.code == 1000)
            #expect(try await socket.receive(timeout: 30) == nil)
            await #expect(throws: WebSocketError.notOpen) { try await socket.send(text: "after") }
        }
    }

    @Test func upgradeRefusalCarriesTheAPIError() async throws {
        try await withTestServer(configure: addWebSocketRoutes) { server in
            do {
                _ = try await WebSocketClient.connect(host: "127.0.0.1", port: server.port, path: "/private")
                Issue.record("connected without a token")
            } catch WebSocketError.handshakeRejected(let response) {
                #expect(APIError(response: response).errorCode == .unauthorized)
            }
            let api = APIClient(host: "127.0.0.1", port: server.port, token: "sesame")
            let socket = try await api.connectWebSocket(path: "/private")
            try await socket.send(text: "in")
            #expect(try await socket.receive(timeout: 30) == .text("in"))
            await socket.close()
        }
    }
}
