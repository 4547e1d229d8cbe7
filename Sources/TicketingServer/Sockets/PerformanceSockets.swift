import Foundation
import TicketingProtocol

/// `queue.subscribe`, `seats.subscribe` and `unsubscribe` for performance actors.
struct PerformanceSockets {
    let hub: PerformanceHub

    func register(into dispatcher: inout SocketDispatcher) {
        let hub = self.hub
        dispatcher.on("queue.subscribe") { message, principal, outlet in
            guard let performance = await Self.performance(message, hub: hub, outlet: outlet) else { return }
            await hub.track(outlet, performanceId: message.performanceId ?? "")
            await performance.subscribeQueue(userId: principal.userId, outlet: outlet)
        }
        dispatcher.on("seats.subscribe") { message, principal, outlet in
            guard let performance = await Self.performance(message, hub: hub, outlet: outlet) else { return }
            await hub.track(outlet, performanceId: message.performanceId ?? "")
            await performance.subscribeSeats(userId: principal.userId, outlet: outlet)
        }
        dispatcher.on("unsubscribe") { message, _, outlet in
            guard let performance = await Self.performance(message, hub: hub, outlet: outlet) else { return }
            await hub.untrack(outlet, performanceId: message.performanceId ?? "")
            await performance.unsubscribe(outlet)
        }
        dispatcher.onDisconnect { outlet in await hub.disconnected(outlet) }
    }

    private static func performance(_ message: ClientSocketMessage, hub: PerformanceHub,
                                     outlet: SocketOutlet) async -> PerformanceActor? {
        guard let id = message.performanceId, !id.isEmpty else {
            outlet.send(SocketErrorMessage(code: .badRequest, message: "\(message.type) needs a performanceId"))
            return nil
        }
        guard let performance = try? await hub.actor(for: id) else {
            outlet.send(SocketErrorMessage(code: .notFound, message: "performance \(id) not found"))
            return nil
        }
        return performance
    }
}
