import Foundation
import Synchronization
import TerminalUI
import TicketingClient
import TicketingProtocol

/// The API's WebSocket for one signed-in user: connects when given a token, keeps the
/// subscriptions the screen on show wants, turns pushes into intents, and when the socket drops
/// says so and reconnects with backoff, subscribing again to what was wanted.
public actor PushChannel {
    private let server: ServerAddress
    private let inbox: Inbox
    private var token: String?
    /// Set synchronously by the UI thread so that quick screen changes are never reordered.
    private nonisolated let wantedBox = Mutex(PushWatch.none)
    private var wanted: PushWatch { wantedBox.withLock { $0 } }
    /// What the open socket is subscribed to.
    private var subscribed = PushWatch.none
    private var socket: WebSocketClient?
    private var task: Task<Void, Never>?

    public init(server: ServerAddress, inbox: Inbox) {
        self.server = server
        self.inbox = inbox
    }

    /// A token connects (or reconnects as that user); nil disconnects.
    public func setToken(_ token: String?) async {
        guard token != self.token else { return }
        self.token = token
        await stop()
        if token != nil { task = Task { await self.run() } }
    }

    /// The subscriptions wanted from now on; the latest call wins whatever order the syncs run in.
    public nonisolated func want(_ watch: PushWatch) {
        wantedBox.withLock { $0 = watch }
        Task { await self.sync() }
    }

    public func stop() async {
        task?.cancel()
        task = nil
        if let socket { await socket.close() }
        socket = nil
        subscribed = .none
    }

    private func run() async {
        var attempt = 0
        while !Task.isCancelled, let token {
            do {
                let socket = try await WebSocketClient.connect(
                    host: server.host, port: server.port, path: "/v1/ws",
                    headers: ["Authorization": "Bearer \(token)"], timeout: 10)
                self.socket = socket
                subscribed = .none
                attempt = 0
                inbox.post(.pushConnection(online: true))
                await sync()
                while let message = try await socket.receive() {
                    if let intent = Self.intent(for: message) { inbox.post(intent) }
                }
            } catch {
                // Falls through to the reconnect below, whatever the reason.
            }
            if let socket { await socket.close() }
            socket = nil
            if Task.isCancelled { return }
            inbox.post(.pushConnection(online: false))
            attempt += 1
            let delay = ReconnectBackoff.delay(attempt: attempt, random: Double.random(in: 0...1))
            try? await Task.sleep(for: .seconds(delay))
        }
    }

    /// Brings the socket's subscriptions in line with the wanted ones.
    private func sync() async {
        guard let socket, subscribed != wanted else { return }
        let old = subscribed
        let wanted = wanted
        subscribed = wanted
        do {
            // `unsubscribe` drops both kinds for a performance, so what stays is asked for again.
            if let id = old.performanceId, id != wanted.performanceId || (old.queue && !wanted.queue)
                || (old.seats && !wanted.seats) {
                try await socket.sendJSON(ClientSocketMessage(type: "unsubscribe", performanceId: id))
            }
            let fresh = old.performanceId != wanted.performanceId || old.queue && !wanted.queue
                || old.seats && !wanted.seats
            if let id = old.performanceId, old.sales, !wanted.sales || id != wanted.performanceId {
                try await socket.sendJSON(ClientSocketMessage(type: "sales.unsubscribe", performanceId: id))
            }
            if let id = wanted.performanceId {
                if wanted.sales, !old.sales || old.performanceId != id {
                    try await socket.sendJSON(ClientSocketMessage(type: "sales.subscribe", performanceId: id))
                }
                if wanted.queue, fresh || !old.queue {
                    try await socket.sendJSON(ClientSocketMessage(type: "queue.subscribe", performanceId: id))
                }
                if wanted.seats, fresh || !old.seats {
                    try await socket.sendJSON(ClientSocketMessage(type: "seats.subscribe", performanceId: id))
                }
            }
        } catch {
            // The reader notices the dead socket and reconnects, subscribing afresh.
            subscribed = .none
        }
    }

    static func intent(for message: WebSocketMessage) -> Intent? {
        let data: Data = switch message {
        case .text(let text): Data(text.utf8)
        case .data(let bytes): bytes
        }
        guard let envelope = try? WireJSON.decode(SocketEnvelope.self, from: data) else { return nil }
        switch envelope.type {
        case "queue.status":
            guard let push = try? WireJSON.decode(QueueStatusPush.self, from: data) else { return nil }
            return .queueStatus(performanceId: push.performanceId,
                                QueueStatusDTO(state: push.state, position: push.position, ahead: push.ahead,
                                               etaSeconds: push.etaSeconds, mayMissOut: push.mayMissOut))
        case "queue.admitted":
            guard let push = try? WireJSON.decode(QueueAdmittedPush.self, from: data) else { return nil }
            return .admitted(performanceId: push.performanceId, token: push.admissionToken,
                             expiresAt: push.tokenExpiresAt)
        case "seats.snapshot":
            guard let push = try? WireJSON.decode(SeatsSnapshotPush.self, from: data) else { return nil }
            return .seatStates(performanceId: push.performanceId, version: push.version, changes: push.seats,
                               snapshot: true)
        case "seats.delta":
            guard let push = try? WireJSON.decode(SeatsDeltaPush.self, from: data) else { return nil }
            return .seatStates(performanceId: push.performanceId, version: push.version, changes: push.changes,
                               snapshot: false)
        case "order.updated":
            guard let push = try? WireJSON.decode(OrderUpdatedPush.self, from: data) else { return nil }
            return .orderUpdated(orderId: push.orderId, status: push.status, failureCode: push.failureCode)
        case "sales.snapshot":
            guard let push = try? WireJSON.decode(SalesSnapshotPush.self, from: data) else { return nil }
            return .salesLive(push)
        case "hold.expired":
            guard let push = try? WireJSON.decode(HoldExpiredPush.self, from: data) else { return nil }
            return .holdExpired(holdId: push.holdId)
        default:
            return nil
        }
    }
}
