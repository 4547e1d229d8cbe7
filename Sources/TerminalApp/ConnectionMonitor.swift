import Foundation
import TerminalUI
import TicketingClient

/// Watches whether the server answers: a cheap `/health` probe every few seconds while online,
/// and, once a probe or a request fails, retries with exponential backoff and jitter until one
/// succeeds. Every change is posted to the UI as a `.connection` intent.
public actor ConnectionMonitor {
    public static let probeInterval: TimeInterval = 3
    private let probe: HTTPClient
    private let inbox: Inbox
    private var task: Task<Void, Never>?
    private var failureReported = false

    public init(server: ServerAddress, inbox: Inbox) {
        probe = HTTPClient(host: server.host, port: server.port, timeout: 3)
        self.inbox = inbox
    }

    public func start() {
        guard task == nil else { return }
        task = Task { await self.watch() }
    }

    public func stop() async {
        task?.cancel()
        task = nil
        await probe.close()
    }

    /// A request failed in transit: start reconnecting without waiting for the next probe.
    public func reportFailure() {
        failureReported = true
    }

    private func watch() async {
        var attempt = 0
        while !Task.isCancelled {
            if attempt == 0 {
                await waitWhileOnline()
                if Task.isCancelled { return }
                failureReported = false
                if await isReachable() { continue }
                attempt = 1
            }
            let delay = ReconnectBackoff.delay(attempt: attempt, random: Double.random(in: 0...1))
            inbox.post(.connection(.reconnecting(attempt: attempt, retryAt: Date().addingTimeInterval(delay))))
            try? await Task.sleep(for: .seconds(delay))
            if Task.isCancelled { return }
            if await isReachable() {
                attempt = 0
                failureReported = false
                inbox.post(.connection(.online))
            } else {
                attempt += 1
            }
        }
    }

    /// Sleeps until the next probe is due, or until a request reports a failure.
    private func waitWhileOnline() async {
        let due = Date().addingTimeInterval(Self.probeInterval)
        while !failureReported, Date() < due, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    private func isReachable() async -> Bool {
        guard let response = try? await probe.send(ClientRequest(method: "GET", path: "/health")) else {
            await probe.close()
            return false
        }
        return response.isSuccess
    }
}

/// Delays between reconnection attempts: doubling from half a second up to a cap, with half of
/// each delay random so that many clients dropped together do not return together.
public enum ReconnectBackoff {
    public static let base: TimeInterval = 0.5
    public static let cap: TimeInterval = 8

    /// `random` in 0…1 picks where in the upper half of the window the delay lands.
    public static func delay(attempt: Int, random: Double) -> TimeInterval {
        let window = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return window / 2 + window / 2 * min(1, max(0, random))
    }
}
