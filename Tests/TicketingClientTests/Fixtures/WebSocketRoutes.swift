import FlyingFox
import Foundation

/// A server side that speaks raw frames: `script` reads the client's frames (unmasked by FlyingFox)
/// and writes whatever frames it likes, well-formed or not. Finishing the script drops the TCP connection.
struct FrameScript: WSHandler {
    let script: @Sendable (AsyncThrowingStream<WSFrame, any Error>, AsyncStream<WSFrame>.Continuation) async -> Void

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        AsyncStream { continuation in
            let task = Task {
                await script(client, continuation)
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Frames a script saw from the client, with a wait for one that has not arrived yet.
actor FrameLog {
    private var frames: [WSFrame] = []
    private var waiters: [(predicate: @Sendable (WSFrame) -> Bool, continuation: CheckedContinuation<WSFrame, Never>)] = []

    func record(_ frame: WSFrame) {
        frames.append(frame)
        let ready = waiters.filter { $0.predicate(frame) }
        waiters.removeAll { $0.predicate(frame) }
        for waiter in ready { waiter.continuation.resume(returning: frame) }
    }

    func first(where predicate: @escaping @Sendable (WSFrame) -> Bool) async -> WSFrame {
        if let frame = frames.first(where: predicate) { return frame }
        return await withCheckedContinuation { waiters.append((predicate, $0)) }
    }
}

extension WSFrame {
    static func text(_ text: String, fin: Bool = true, opcode: Opcode = .text) -> WSFrame {
        WSFrame(fin: fin, opcode: opcode, mask: nil, payload: Data(text.utf8))
    }

    static func raw(_ opcode: Opcode, _ bytes: [UInt8], fin: Bool = true) -> WSFrame {
        WSFrame(fin: fin, opcode: opcode, mask: nil, payload: Data(bytes))
    }

    var closeCode: UInt16? {
        guard opcode == .close, payload.count >= 2 else { return nil }
        return UInt16(payload[payload.startIndex]) << 8 | UInt16(payload[payload.startIndex + 1])
    }
}

/// Sends `frames`, then records every client frame until the client closes or disconnects.
func scripted(_ frames: [WSFrame], log: FrameLog) -> WebSocketHTTPHandler {
    WebSocketHTTPHandler(handler: FrameScript { client, out in
        for frame in frames { out.yield(frame) }
        do {
            for try await frame in client {
                await log.record(frame)
                if frame.opcode == .close { break }
            }
        } catch {}
    })
}

func addWebSocketRoutes(to server: HTTPServer) async {
    // Frames up to 4 MiB go out whole, so large echoes use the 64-bit length form.
    await server.appendRoute("GET /echo", to: WebSocketHTTPHandler(
        handler: MessageFrameWSHandler(handler: EchoWSMessageHandler(), frameSize: 4 << 20)))
    await server.appendRoute("GET /echo-fragmented", to: WebSocketHTTPHandler(
        handler: MessageFrameWSHandler(handler: EchoWSMessageHandler(), frameSize: 1000)))
    await server.appendRoute("GET /private") { request in
        guard request.headers[.authorization] == "Bearer sesame" else {
            return HTTPResponse(statusCode: .unauthorized, headers: [.contentType: "application/json"],
                                body: Data(#"{"error":{"code":"unauthorized","message":"no token"}}"#.utf8))
        }
        return try await WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: EchoWSMessageHandler()))
            .handleRequest(request)
    }
}
