import Foundation
import TicketingDomain
import TicketingNet
import TicketingProtocol

/// WebSocket subscriptions of one performance and the coalesced pushes to them.
extension PerformanceActor {
    func subscribeQueue(userId: String, outlet: SocketOutlet) {
        queueSockets[userId, default: []].insert(outlet)
        socketUser[outlet] = userId
        userSockets[userId, default: []].insert(outlet)
        room.reconnected(userId)
        let now = clock.now()
        if let status = statusDTO(userId, now: now) {
            let message = QueueStatusPush(performanceId: id, status: status)
            lastPush[userId] = (message, now)
            if let token = status.admissionToken, let expiry = status.tokenExpiresAt {
                let admitted = QueueAdmittedPush(performanceId: id, admissionToken: token, tokenExpiresAt: expiry)
                outlet.send(together: [message.wireJSON, admitted.wireJSON])
            } else {
                outlet.send(json: message.wireJSON)
            }
        } else {
            outlet.send(SocketErrorMessage(code: .notFound, message: "join the waiting room first (POST /v1/performances/\(id)/queue)"))
        }
    }

    func subscribeSeats(userId: String, outlet: SocketOutlet) {
        seatSockets.insert(outlet)
        socketUser[outlet] = userId
        userSockets[userId, default: []].insert(outlet)
        let (version, states) = seatStates()
        outlet.send(SeatsSnapshotPush(performanceId: id, version: version,
                                      seats: states.map { SeatStateDTO(id: $0.id, state: $0.state) }))
    }

    /// Drops the socket's subscriptions; a buyer with no socket left starts the disconnect grace.
    func unsubscribe(_ outlet: SocketOutlet) {
        seatSockets.remove(outlet)
        guard let userId = socketUser.removeValue(forKey: outlet) else { return }
        userSockets[userId]?.remove(outlet)
        if userSockets[userId]?.isEmpty == true { userSockets[userId] = nil }
        queueSockets[userId]?.remove(outlet)
        if queueSockets[userId]?.isEmpty == true {
            queueSockets[userId] = nil
            lastPush[userId] = nil
            room.disconnected(userId, now: clock.now())
        }
    }

    func push(_ batch: SeatBatch) {
        let message = SeatsDeltaPush(performanceId: id, version: batch.version,
                                     changes: batch.changes.map { SeatStateDTO(id: $0.id, state: $0.state) })
        guard !seatSockets.isEmpty, let data = try? WireJSON.encode(message) else { return }
        for outlet in seatSockets { outlet.send(json: data) }
    }

    func send(_ message: some Encodable & Sendable, toUser userId: String) {
        for outlet in userSockets[userId] ?? [] { outlet.send(message) }
    }

    /// A change after a quiet spell (the head of a still line leaves, a hold expires) reaches
    /// the line now, not up to a tick plus a push interval later; during a rush, when waves
    /// are at most one per push interval anyway, the tick sends them. Only a running
    /// performance (one with a ticker) pushes on its own.
    func pushPromptlyIfQuiet() {
        guard ticker != nil, !ticking, promptPush == nil, !queueSockets.isEmpty,
              clock.now().timeIntervalSince(lastQueuePush) >= pushInterval else { return }
        promptPush = Task(executorPreference: LoopExecutor.current) { [weak self] in await self?.pushPromptly() }
    }

    private func pushPromptly() {
        promptPush = nil
        pushQueueStatuses(now: clock.now())
    }
}
