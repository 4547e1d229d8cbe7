import Foundation
import TicketingProtocol

/// Routes client WebSocket messages by `type` to the feature that handles them
/// (queue and seat subscriptions register here as they are built).
struct SocketDispatcher: Sendable {
    typealias Handler = @Sendable (ClientSocketMessage, Principal, SocketOutlet) async -> Void
    typealias DisconnectHandler = @Sendable (SocketOutlet) async -> Void

    private var handlers: [String: Handler] = [:]
    private var disconnectHandlers: [DisconnectHandler] = []

    mutating func on(_ type: String, _ handler: @escaping Handler) {
        handlers[type] = handler
    }

    mutating func onDisconnect(_ handler: @escaping DisconnectHandler) {
        disconnectHandlers.append(handler)
    }

    var messageTypes: [String] { handlers.keys.sorted() }

    func dispatch(text: String, from principal: Principal, outlet: SocketOutlet) async {
        guard text.utf8.count <= 64 * 1024 else {
            outlet.send(SocketErrorMessage(code: .payloadTooLarge, message: "messages are limited to 64 KiB"))
            return
        }
        guard let message = try? WireJSON.decode(ClientSocketMessage.self, from: Data(text.utf8)) else {
            outlet.send(SocketErrorMessage(code: .badRequest,
                                           message: "expected a JSON object like {\"type\":\"queue.subscribe\",\"performanceId\":\"…\"}"))
            return
        }
        guard let handler = handlers[message.type] else {
            let known = messageTypes.isEmpty ? "none yet" : messageTypes.joined(separator: ", ")
            outlet.send(SocketErrorMessage(code: .badRequest,
                                           message: "unknown message type '\(message.type)' (known: \(known))"))
            return
        }
        await handler(message, principal, outlet)
    }

    func disconnected(_ outlet: SocketOutlet) async {
        for handler in disconnectHandlers { await handler(outlet) }
    }
}
