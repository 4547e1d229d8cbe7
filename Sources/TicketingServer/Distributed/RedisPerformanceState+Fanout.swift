import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingRedis

/// This node's sockets of one performance. While any is subscribed, one task tails the
/// performance's streams (seat changes by version, notices for buyers, and, while a queue
/// socket is here, line changes) and pushes to them in the embedded shapes; changes made on any
/// node arrive the same way.
struct FanoutState {
    var queueSockets: [String: Set<SocketOutlet>] = [:]
    /// Each seat subscriber with the last version it was sent, so none gets a delta twice or
    /// out of order whatever it subscribed from.
    var seatSockets: [SocketOutlet: Int] = [:]
    var socketUser: [SocketOutlet: String] = [:]
    var userSockets: [String: Set<SocketOutlet>] = [:]
    var lastPush: [String: (QueueStatusPush, Date)] = [:]
    var lastQueuePush = Date.distantPast
    /// When this node last told Redis its queue subscribers are connected.
    var lastPresence = Date.distantPast
    var tail: Task<Void, Never>?
    var tailVersion = 0
    var noticeId = "0-0"
    /// The line as of the line stream, loaded while queue sockets are here: every subscriber's
    /// rank is read from it, not from Redis per buyer (RedisPerformanceState+QueuePush.swift).
    var line = LineMirror()
    /// Each queue subscriber's place, read when it subscribes or seen in its join's event.
    var places: [String: LineMirror.Key] = [:]
    /// When a queue subscriber outside the line last had its admission read.
    var admissionChecked: [String: Date] = [:]

    var isEmpty: Bool { seatSockets.isEmpty && userSockets.isEmpty }
}

extension RedisPerformanceState {
    func subscribeQueue(userId: String, outlet: SocketOutlet) async {
        fanout.queueSockets[userId, default: []].insert(outlet)
        watch(outlet, userId: userId)
        let now = clock.now()
        if let status = try? await statusDTO(userId, now: now) {
            if status.state != QueueState.admitted.rawValue, let place = try? await room.place(of: userId),
               fanout.queueSockets[userId] != nil {
                fanout.places[userId] = place
            }
            let message = QueueStatusPush(performanceId: id, status: status)
            outlet.send(message)
            fanout.lastPush[userId] = (message, now)
            if let token = status.admissionToken, let expiry = status.tokenExpiresAt {
                outlet.send(QueueAdmittedPush(performanceId: id, admissionToken: token, tokenExpiresAt: expiry))
            }
        } else {
            outlet.send(SocketErrorMessage(code: .notFound, message: "join the waiting room first (POST /v1/performances/\(id)/queue)"))
        }
    }

    /// The deltas after `version` when the stream still has them all (a socket that moved here
    /// from another node), else a snapshot.
    func subscribeSeats(userId: String, outlet: SocketOutlet, after version: Int?) async {
        watch(outlet, userId: userId)
        if let version, let missed = try? await deltas(after: version) {
            for delta in missed { outlet.send(delta) }
            fanout.seatSockets[outlet] = missed.last?.version ?? version
        } else {
            await sendSnapshot(to: outlet)
        }
        await catchUp(outlet)
    }

    /// A subscriber behind the tail (it read the map while the tail moved on) gets the deltas in
    /// between, so it never waits for the next change to be level; nothing twice, in order.
    private func catchUp(_ outlet: SocketOutlet) async {
        while let last = fanout.seatSockets[outlet], last < fanout.tailVersion {
            guard let batch = try? await log.events(after: last), !batch.gap, !batch.events.isEmpty else {
                await sendSnapshot(to: outlet)
                return
            }
            for event in batch.events where event.version == (fanout.seatSockets[outlet] ?? .max) + 1 {
                outlet.send(delta(event))
                fanout.seatSockets[outlet] = event.version
            }
        }
    }

    func unsubscribe(_ outlet: SocketOutlet) async {
        fanout.seatSockets[outlet] = nil
        if let userId = fanout.socketUser.removeValue(forKey: outlet) {
            fanout.userSockets[userId]?.remove(outlet)
            if fanout.userSockets[userId]?.isEmpty == true { fanout.userSockets[userId] = nil }
            fanout.queueSockets[userId]?.remove(outlet)
            if fanout.queueSockets[userId]?.isEmpty == true {
                fanout.queueSockets[userId] = nil
                fanout.lastPush[userId] = nil
                fanout.places[userId] = nil
                fanout.admissionChecked[userId] = nil
                // Its last socket here; a socket on another node says otherwise within seconds.
                try? await room.disconnected(buyer: userId, now: clock.now())
            }
        }
        if fanout.isEmpty {
            fanout.tail?.cancel()
            fanout.tail = nil
            fanout.line.reset()
        }
    }

    /// Through the notices stream, so the buyer's sockets get it on whichever node they are.
    func notify(_ message: some Encodable & Sendable, userId: String) async {
        guard let data = try? WireJSON.encode(message) else { return }
        do {
            try await log.notify(buyer: userId, type: "push", fields: ["json": String(decoding: data, as: UTF8.self)])
        } catch {
            logger.warning("push to buyer not published", metadata: ["performance.id": "\(id)", "error.message": "\(error)"])
        }
    }

    private func watch(_ outlet: SocketOutlet, userId: String) {
        fanout.socketUser[outlet] = userId
        fanout.userSockets[userId, default: []].insert(outlet)
        guard fanout.tail == nil else { return }
        fanout.tail = Task { [weak self] in await self?.runTail() }
    }

    /// Every delta after `version` up to now; nil when the stream no longer has them (trimmed,
    /// or a version this map never had).
    private func deltas(after version: Int) async throws -> [SeatsDeltaPush]? {
        var pushes: [SeatsDeltaPush] = []
        var seen = version
        while true {
            let batch = try await log.events(after: seen)
            if batch.gap { return nil }
            guard let last = batch.events.last else { break }
            pushes += batch.events.map(delta)
            seen = last.version
        }
        let current = try await pool.command(["GET", map.keys.version]).int ?? 0
        return seen == current ? pushes : nil
    }

    private func sendSnapshot(to outlet: SocketOutlet) async {
        let (version, states) = await seatStates()
        outlet.send(SeatsSnapshotPush(performanceId: id, version: version,
                                      seats: states.map { SeatStateDTO(id: $0.id, state: $0.state) }))
        fanout.seatSockets[outlet] = version
    }

    private func delta(_ event: RedisEventLog.Event) -> SeatsDeltaPush {
        let changes = (try? JSONDecoder().decode([String: String].self, from: Data((event.fields["changes"] ?? "{}").utf8)))
            ?? [:]
        return SeatsDeltaPush(performanceId: id, version: event.version, changes: changes.sorted { $0.key < $1.key }
            .map { SeatStateDTO(id: $0.key, state: $0.value == "free" ? "available" : $0.value) })
    }

    private func runTail() async {
        do {
            // From the oldest version a subscriber has, so none misses a change made meanwhile.
            let current = try await pool.command(["GET", map.keys.version]).int ?? 0
            fanout.tailVersion = fanout.seatSockets.values.min().map { min($0, current) } ?? current
            fanout.noticeId = try await log.lastNoticeId()
        } catch {
            logger.warning("fan-out could not start", metadata: ["performance.id": "\(id)", "error.message": "\(error)"])
        }
        while !Task.isCancelled, !fanout.isEmpty {
            do {
                if !fanout.line.isLoaded, !fanout.queueSockets.isEmpty { try await loadLine() }
                let tail = try await tailLog.tail(after: fanout.tailVersion, noticesAfter: fanout.noticeId,
                                                  lineAfter: fanout.line.version, block: .milliseconds(500))
                follow(tail.line)
                await deliver(tail)
            } catch {
                logger.warning("fan-out read failed", metadata: ["performance.id": "\(id)", "error.message": "\(error)"])
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func deliver(_ tail: RedisEventLog.Tail) async {
        if tail.seats.gap {
            // The stream was trimmed past this node's place: everyone starts again from a snapshot.
            if let current = try? await pool.command(["GET", map.keys.version]).int { fanout.tailVersion = current }
            for outlet in fanout.seatSockets.keys { await sendSnapshot(to: outlet) }
        }
        for event in tail.seats.events where !tail.seats.gap {
            let push = delta(event)
            guard let data = try? WireJSON.encode(push) else { continue }
            for (outlet, last) in fanout.seatSockets {
                if event.version == last + 1 {
                    outlet.send(json: data)
                    fanout.seatSockets[outlet] = event.version
                } else if event.version > last + 1 {
                    // It subscribed between reads and missed some: a snapshot puts it level.
                    await sendSnapshot(to: outlet)
                }
            }
            fanout.tailVersion = event.version
        }
        for notice in tail.notices {
            fanout.noticeId = notice.id
            switch notice.fields["type"] {
            case "admitted":
                let buyers = (try? JSONDecoder().decode([String].self, from: Data((notice.fields["buyers"] ?? "[]").utf8))) ?? []
                guard let expires = notice.fields["expires"].flatMap(Int.init) else { continue }
                let expiresAt = Date(timeIntervalSince1970: Double(expires) / 1000)
                for buyer in buyers where fanout.userSockets[buyer] != nil {
                    send(QueueAdmittedPush(performanceId: id, admissionToken: tokens.issue(performanceId: id, userId: buyer,
                                                                                           expiresAt: expiresAt),
                                           tokenExpiresAt: expiresAt), toUser: buyer)
                }
            case "expired":
                if let buyer = notice.fields["buyer"], let holdId = notice.fields["hold"] {
                    send(HoldExpiredPush(holdId: holdId, performanceId: id), toUser: buyer)
                }
            case "push":
                if let buyer = notice.fields["buyer"], let json = notice.fields["json"] {
                    for outlet in fanout.userSockets[buyer] ?? [] { outlet.send(json: Data(json.utf8)) }
                }
            default:
                break
            }
        }
    }

    private func send(_ message: some Encodable & Sendable, toUser userId: String) {
        for outlet in fanout.userSockets[userId] ?? [] { outlet.send(message) }
    }
}
