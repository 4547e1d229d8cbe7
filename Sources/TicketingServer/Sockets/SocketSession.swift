import FlyingFox
import Foundation
import Synchronization
import TicketingProtocol

/// One WebSocket connection: decodes client messages, dispatches them, and sends through its
/// outlet. Subscriptions register themselves in `SocketDispatcher` by message type. Our
/// transport drives it directly (`DirectWebSocketHandler`); FlyingFox's message layer remains
/// for any server that only knows `WSHandler`.
struct SocketSession: WSMessageHandler, DirectWebSocketHandler {
    let principal: Principal
    let dispatcher: SocketDispatcher
    let metrics: ServerMetrics

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        try await MessageFrameWSHandler(handler: self).makeFrames(for: client)
    }

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let (outbound, continuation) = AsyncStream<WSMessage>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let outlet = SocketOutlet { continuation.yield(.text(String(decoding: $0, as: UTF8.self))) }
        metrics.socketOpened()
        Task {
            for await message in client { await received(message, on: outlet) }
            await closed(outlet)
            continuation.finish()
        }
        return outbound
    }

    func opened(_ sender: WebSocketSender) -> SocketOutlet {
        metrics.socketOpened()
        return SocketOutlet(deliver: { sender.send(text: $0) }, together: { sender.send(texts: $0) })
    }

    func received(_ message: WSMessage, on outlet: SocketOutlet) async {
        switch message {
        case .text(let text):
            await dispatcher.dispatch(text: text, from: principal, outlet: outlet)
        case .data:
            outlet.send(SocketErrorMessage(code: .badRequest, message: "binary messages are not supported; send JSON text"))
        case .close:
            break
        }
    }

    func closed(_ outlet: SocketOutlet) async {
        await dispatcher.disconnected(outlet)
        metrics.socketClosed()
    }
}

/// The sending half of a socket, handed to subscriptions. Its queue keeps the newest pushes
/// and drops the oldest for a client that cannot keep up, instead of growing without bound.
final class SocketOutlet: Sendable, Hashable {
    private let deliver: @Sendable (Data) -> Void
    private let deliverTogether: (@Sendable ([Data]) -> Void)?
    let id = SocketIDs.next()

    /// `deliver` takes one JSON text message (UTF-8); `together`, when given, several to go out
    /// in one write.
    init(deliver: @escaping @Sendable (Data) -> Void, together: (@Sendable ([Data]) -> Void)? = nil) {
        self.deliver = deliver
        self.deliverTogether = together
    }

    func send(_ value: some Encodable) {
        // Callers are generic (`notify`), so the hand-written path is found at run time.
        if let writable = value as? any WireWritable {
            deliver(writable.wireJSON)
            return
        }
        guard let data = try? WireJSON.encode(value) else { return }
        deliver(data)
    }

    /// A message already encoded once for many sockets (a seat delta to every watcher).
    func send(json data: Data) {
        deliver(data)
    }

    /// Messages that answer one event, in order, in one write where the transport can: the
    /// client is woken once, and the server makes one `send` instead of one each.
    func send(together messages: [Data]) {
        guard let deliverTogether else { return messages.forEach(deliver) }
        deliverTogether(messages)
    }

    static func == (lhs: SocketOutlet, rhs: SocketOutlet) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// Process-unique ids for sockets, so outlets can live in sets.
enum SocketIDs {
    private static let counter = Atomic<Int>(0)
    static func next() -> Int { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
