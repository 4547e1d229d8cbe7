import Foundation
import TicketingProtocol

/// A few kept-alive connections shared by a whole crowd. Each request carries its own bot's
/// token, so thousands of simulated buyers cost a handful of sockets instead of one each (the
/// process's descriptor limit is 20,000, and the server would hold the other end of every one).
public struct CrowdLink: Sendable {
    private let lanes: [HTTPClient]
    private let retry: RetryPolicy

    /// `retry: .loadBalanced` for servers behind a balancer (refused/reset connections, 502/503).
    public init(host: String, port: UInt16, connections: Int, timeout: TimeInterval = 30, retry: RetryPolicy = .none) {
        lanes = (0..<max(1, connections)).map { _ in HTTPClient(host: host, port: port, timeout: timeout) }
        self.retry = retry
    }

    public var connections: Int { lanes.count }

    /// Sends on lane `bot % connections`, so one bot's requests stay in order on one connection.
    public func send<T: Decodable & Sendable>(_ method: String, _ path: String, body: (any Encodable & Sendable)? = nil,
                                              token: String?, bot: Int, headers: [String: String] = [:],
                                              as type: T.Type = T.self) async throws -> T {
        let response = try await exchange(method, path, body: body, token: token, bot: bot, headers: headers)
        return try WireJSON.decode(T.self, from: response.body)
    }

    /// A request whose answer carries nothing the bot needs (leaving the line).
    public func send(_ method: String, _ path: String, token: String?, bot: Int) async throws {
        _ = try await exchange(method, path, body: nil, token: token, bot: bot, headers: [:])
    }

    private func exchange(_ method: String, _ path: String, body: (any Encodable & Sendable)?, token: String?,
                          bot: Int, headers: [String: String]) async throws -> ClientResponse {
        var all = headers
        all["Accept"] = "application/json"
        var data: Data?
        if let body {
            data = try WireJSON.encode(body)
            all["Content-Type"] = "application/json"
        }
        if let token { all["Authorization"] = "Bearer \(token)" }
        let lane = lanes[abs(bot) % lanes.count]
        let response = try await retry.send(ClientRequest(method: method, path: path, headers: all, body: data),
                                            attempt: { try await lane.send($0) })
        guard response.isSuccess else { throw APIError(response: response) }
        return response
    }

    public func close() async {
        for lane in lanes { await lane.close() }
    }
}
