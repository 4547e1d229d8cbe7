import Foundation
import TicketingDomain
import TicketingNet

/// Posts Slack messages to one incoming-webhook URL, retrying what may succeed later (no
/// answer, 429, 5xx) with capped exponential backoff and full jitter. A 4xx other than 429 is
/// final: the same message would be refused again.
public struct AlertForwarder: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case refused(status: Int, body: String)
        case gaveUp(attempts: Int, last: String)

        public var description: String {
            switch self {
            case let .refused(status, body): "the chat webhook refused the message: \(status) \(body)"
            case let .gaveUp(attempts, last): "the chat webhook did not take the message in \(attempts) attempts; last: \(last)"
            }
        }
    }

    let endpoint: TossEndpoint
    let client: HTTPClient
    let backoff: Backoff
    let attempts: Int

    /// nil when `url` is not an http(s) URL without a query.
    public init?(url: String, attempts: Int = 5, backoff: Backoff = Backoff(base: .milliseconds(200), cap: .seconds(5)),
                 timeout: TimeInterval = 10) throws {
        guard let endpoint = TossEndpoint(url: url) else { return nil }
        self.endpoint = endpoint
        client = HTTPClient(host: endpoint.host, port: endpoint.port, timeout: timeout,
                            tls: endpoint.useTLS ? try TLSOptions(caFile: nil) : nil)
        self.backoff = backoff
        self.attempts = max(1, attempts)
    }

    /// Returns after the webhook took the message (2xx), or throws why it never did.
    public func send(_ message: Data) async throws(Failure) {
        let path = endpoint.basePath.isEmpty ? "/" : endpoint.basePath
        let request = ClientRequest(method: "POST", path: path,
                                    headers: ["Content-Type": "application/json; charset=utf-8"], body: message)
        var last = ""
        for attempt in 0..<attempts {
            if attempt > 0 { try? await Task.sleep(for: backoff.delay(attempt: attempt - 1)) }
            do {
                let response = try await client.send(request)
                if response.isSuccess { return }
                let body = String(decoding: response.body.prefix(200), as: UTF8.self)
                guard response.status == 429 || response.status >= 500 else {
                    throw Failure.refused(status: response.status, body: body)
                }
                last = "\(response.status) \(body)"
            } catch let failure as Failure {
                throw failure
            } catch {
                last = "\(error)"
            }
        }
        throw .gaveUp(attempts: attempts, last: last)
    }
}
