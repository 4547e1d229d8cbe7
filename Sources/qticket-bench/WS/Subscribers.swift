import Foundation
import Synchronization
import TicketingClient
import TicketingProtocol

/// When each subscriber saw each push wave: wave `w` is done for a subscriber once its `ahead`
/// has dropped by `w` from the value it saw on subscribing.
final class WaveArrivals: Sendable {
    private let arrivals = Mutex<[Int: [ContinuousClock.Instant]]>([:])

    func record(wave: Int, at time: ContinuousClock.Instant) {
        arrivals.withLock { $0[wave, default: []].append(time) }
    }

    func count(wave: Int) -> Int { arrivals.withLock { $0[wave]?.count ?? 0 } }

    func times(wave: Int) -> [ContinuousClock.Instant] { arrivals.withLock { $0[wave] ?? [] } }
}

/// One waiting buyer with a WebSocket subscribed to its queue status.
struct Subscriber: Sendable {
    let buyer: Buyer
    let socket: WebSocketClient
    /// `ahead` in the first `queue.status` after subscribing.
    let initialAhead: Int

    static func connect(_ buyer: Buyer, port: UInt16, performanceId: String) async throws -> Subscriber {
        let socket = try await WebSocketClient.connect(host: "127.0.0.1", port: port, path: "/v1/ws",
                                                       headers: ["Authorization": "Bearer \(buyer.token)"],
                                                       maxMessageSize: 1 << 20, timeout: 60)
        try await socket.sendJSON(ClientSocketMessage(type: "queue.subscribe", performanceId: performanceId))
        let status = try await socket.nextJSON(QueueStatusPush.self, timeout: 60)
        guard let ahead = status.ahead else { throw BenchError("no 'ahead' in the first queue.status: \(status)") }
        return Subscriber(buyer: buyer, socket: socket, initialAhead: ahead)
    }

    /// Connects everyone, at most `parallel` handshakes at a time.
    static func connectAll(_ buyers: [Buyer], port: UInt16, performanceId: String,
                           parallel: Int = 128) async throws -> [Subscriber] {
        try await withThrowingTaskGroup(of: Subscriber.self) { group in
            var connected: [Subscriber] = []
            var next = 0
            while next < min(parallel, buyers.count) {
                let buyer = buyers[next]
                group.addTask { try await connect(buyer, port: port, performanceId: performanceId) }
                next += 1
            }
            for try await subscriber in group {
                connected.append(subscriber)
                if connected.count % 2_000 == 0 { note("\(connected.count) subscribed") }
                if next < buyers.count {
                    let buyer = buyers[next]
                    group.addTask { try await connect(buyer, port: port, performanceId: performanceId) }
                    next += 1
                }
            }
            return connected
        }
    }

    /// Reads pushes until the socket ends, recording the waves this subscriber has seen.
    func listen(into arrivals: WaveArrivals) async {
        var seen = 0
        while let message = try? await socket.receive() {
            guard case .text(let text) = message,
                  let push = try? WireJSON.decode(QueueStatusPush.self, from: Data(text.utf8)),
                  push.type == "queue.status", let ahead = push.ahead else { continue }
            let done = initialAhead - ahead
            guard done > seen else { continue }
            let now = ContinuousClock.now
            for wave in (seen + 1)...done { arrivals.record(wave: wave, at: now) }
            seen = done
        }
    }
}
