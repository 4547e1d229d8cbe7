import FlyingFox
import Foundation
import Synchronization
import TicketingProtocol

/// One WebSocket connection: decodes client messages, dispatches them, and owns the outbound
/// stream. Subscriptions register themselves in `SocketDispatcher` by message type.
struct SocketSession: WSMessageHandler {
    let principal: Principal
    let dispatcher: SocketDispatcher
    let metrics: ServerMetrics

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let (outbound, continuation) = AsyncStream<WSMessage>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let outlet = SocketOutlet(continuation: continuation)
        metrics.socketOpened()
        Task { [dispatcher, principal, metrics] in
            for await message in client {
                switch message {
                case .text(let text):
                    await dispatcher.dispatch(text: text, from: principal, outlet: outlet)
                case .data:
                    outlet.send(SocketErrorMessage(code: .badRequest, message: "binary messages are not supported; send JSON text"))
                case .close:
                    break
                }
            }
            await dispatcher.disconnected(outlet)
            metrics.socketClosed()
            continuation.finish()
        }
        return outbound
    }
}

/// The sending half of a socket, handed to subscriptions. `bufferingNewest` drops the oldest
/// pushes for a client that cannot keep up instead of growing memory without bound.
final class SocketOutlet: Sendable, Hashable {
    private let continuation: AsyncStream<WSMessage>.Continuation
    let id = SocketIDs.next()

    init(continuation: AsyncStream<WSMessage>.Continuation) {
        self.continuation = continuation
    }

    func send(_ value: some Encodable) {
        guard let data = try? WireJSON.encode(value), let text = String(data: data, encoding: .utf8) else { return }
        continuation.yield(.text(text))
    }

    static func == (lhs: SocketOutlet, rhs: SocketOutlet) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// Process-unique ids for sockets, so outlets can live in sets.
enum SocketIDs {
    private static let counter = Atomic<Int>(0)
    static func next() -> Int { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
