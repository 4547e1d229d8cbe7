import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingRedis

/// `queue.status` pushes on a distributed node. The node follows the line stream into its own
/// copy of the line (`LineMirror`), so a push wave ranks every subscriber here from that copy
/// and reads Redis a fixed number of times (the seats left, the measured rate), not once per
/// buyer; only subscribers outside the line (admitted, or done) have their admission read, in
/// one `ZMSCORE`, when they leave the line and then once per refresh.
extension RedisPerformanceState {
    static let refreshAfter: TimeInterval = 5

    /// The line as it is now, then the stream's changes from there.
    func loadLine() async throws {
        let (version, line) = try await room.lineSnapshot()
        fanout.line.load(version: version, line: line)
    }

    /// Applies the line's changes; a change that does not follow on empties the copy, and the
    /// tail loads the line again before its next read.
    func follow(_ events: [LineEvent]) {
        for event in events {
            guard fanout.line.apply(event) else {
                logger.info("line copy out of step, reloading", metadata: ["performance.id": "\(id)"])
                return
            }
            // A subscriber here who joins (again) later than it subscribed is ranked from now on.
            if case .joined(let key) = event.change, fanout.queueSockets[key.member] != nil {
                fanout.places[key.member] = key
                fanout.admissionChecked[key.member] = nil
            }
        }
    }

    /// One `queue.status` per buyer per push interval at most, only when it changed, and a
    /// refresh every few seconds, as the embedded actor sends them.
    func pushQueueStatuses(now: Date) async {
        guard !fanout.queueSockets.isEmpty, now.timeIntervalSince(fanout.lastQueuePush) >= settings.pushInterval else {
            return
        }
        fanout.lastQueuePush = now
        if now.timeIntervalSince(fanout.lastPresence) >= Self.refreshAfter {
            // A buyer connected here but disconnected on another node keeps their place.
            fanout.lastPresence = now
            try? await room.connected(buyers: Array(fanout.queueSockets.keys))
        }
        guard fanout.line.isLoaded, let level = try? await map.inventory() else { return }
        let measured = try? await room.measuredRate(now: now)
        var outside: [String] = []
        for userId in fanout.queueSockets.keys {
            if let place = fanout.places[userId], let ahead = fanout.line.ahead(of: place) {
                fanout.admissionChecked[userId] = nil
                let status = QueueStatus(state: level.soldOut ? .soldOut : .waiting, position: ahead + 1, ahead: ahead,
                                         etaSeconds: nil, mayMissOut: ahead * spec.maxSeatsPerOrder >= level.available)
                push(status, to: userId, now: now, measuredRate: measured)
            } else if fanout.admissionChecked[userId].map({ now.timeIntervalSince($0) >= Self.refreshAfter }) ?? true {
                // Just out of the line (or never seen in it): admitted, or nothing to show. An
                // admission's status cannot change but to end, which shows nothing, so it is read
                // again only when its refresh is due.
                outside.append(userId)
            }
        }
        guard !outside.isEmpty, let expiries = try? await room.admissionExpiries(of: outside, now: now) else { return }
        for userId in outside where fanout.queueSockets[userId] != nil {
            fanout.admissionChecked[userId] = now
            guard let expires = expiries[userId] else { continue }
            push(QueueStatus(state: .admitted, position: 0, ahead: 0, etaSeconds: 0, mayMissOut: false,
                             admissionExpiresAt: expires), to: userId, now: now, measuredRate: nil)
        }
    }

    private func push(_ status: QueueStatus, to userId: String, now: Date, measuredRate: Double?) {
        guard let outlets = fanout.queueSockets[userId] else { return }
        let message = QueueStatusPush(performanceId: id, status: dto(status, userId: userId, now: now,
                                                                     measuredRate: measuredRate))
        if let previous = fanout.lastPush[userId], previous.0 == message,
           now.timeIntervalSince(previous.1) < Self.refreshAfter { return }
        for outlet in outlets { outlet.send(message) }
        fanout.lastPush[userId] = (message, now)
    }
}
