import Foundation
import TicketingNet
import TicketingProtocol

/// The wire's JSON on a WebSocket: here rather than in TicketingNet, which knows no API types.
extension WebSocketClient {
    public func sendJSON<T: Encodable & Sendable>(_ value: T) async throws {
        try await send(text: String(decoding: try WireJSON.encode(value), as: UTF8.self))
    }

    /// Decodes the next message (text or binary) as JSON with the wire decoder.
    public func nextJSON<T: Decodable & Sendable>(_ type: T.Type = T.self, timeout: TimeInterval? = nil) async throws -> T {
        guard let message = try await receive(timeout: timeout) else { throw WebSocketError.notOpen }
        let data: Data
        switch message {
        case .text(let text): data = Data(text.utf8)
        case .data(let bytes): data = bytes
        }
        return try WireJSON.decode(T.self, from: data)
    }
}
