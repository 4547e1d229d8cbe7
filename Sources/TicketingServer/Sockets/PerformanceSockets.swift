import Foundation
import TicketingProtocol

/// `queue.subscribe`, `seats.subscribe` and `unsubscribe`, through the `PerformanceStates` port
/// (the embedded actors or the distributed backend alike).
struct PerformanceSockets {
    let states: any PerformanceStates
    let watched = WatchedPerformances()

    func register(into dispatcher: inout SocketDispatcher) {
        let states = self.states
        let watched = self.watched
        dispatcher.on("queue.subscribe") { message, principal, outlet in
            guard let performance = await Self.performance(message, states: states, outlet: outlet) else { return }
            await watched.track(outlet, performanceId: message.performanceId ?? "")
            await performance.subscribeQueue(userId: principal.userId, outlet: outlet)
        }
        dispatcher.on("seats.subscribe") { message, principal, outlet in
            guard let performance = await Self.performance(message, states: states, outlet: outlet) else { return }
            await watched.track(outlet, performanceId: message.performanceId ?? "")
            await performance.subscribeSeats(userId: principal.userId, outlet: outlet, after: message.version)
        }
        dispatcher.on("unsubscribe") { message, _, outlet in
            guard let performance = await Self.performance(message, states: states, outlet: outlet) else { return }
            await watched.untrack(outlet, performanceId: message.performanceId ?? "")
            await performance.unsubscribe(outlet)
        }
        dispatcher.onDisconnect { outlet in
            for id in await watched.disconnected(outlet) {
                try? await states.state(for: id)?.unsubscribe(outlet)
            }
        }
    }

    private static func performance(_ message: ClientSocketMessage, states: any PerformanceStates,
                                     outlet: SocketOutlet) async -> (any PerformanceState)? {
        guard let id = message.performanceId, !id.isEmpty else {
            outlet.send(SocketErrorMessage(code: .badRequest, message: "\(message.type) needs a performanceId"))
            return nil
        }
        guard let performance = try? await states.state(for: id) else {
            outlet.send(SocketErrorMessage(code: .notFound, message: "performance \(id) not found"))
            return nil
        }
        return performance
    }
}

/// Which performances each socket subscribed to, so a closed socket leaves all of them.
actor WatchedPerformances {
    private var performances: [SocketOutlet: Set<String>] = [:]

    func track(_ outlet: SocketOutlet, performanceId: String) {
        performances[outlet, default: []].insert(performanceId)
    }

    func untrack(_ outlet: SocketOutlet, performanceId: String) {
        performances[outlet]?.remove(performanceId)
    }

    /// The performances the socket watched; it watches none afterwards.
    func disconnected(_ outlet: SocketOutlet) -> Set<String> {
        performances.removeValue(forKey: outlet) ?? []
    }
}
