import FlyingFox
import FlyingSocks
import Foundation
import PaymentSandbox
import TicketingServer

/// A bare FlyingFox server with the same socket settings as QueueTicketServer (TCP_NODELAY pool,
/// same timeout, logging off) and one route answering a small JSON body: the ceiling any route of
/// ours can reach on this machine.
struct BaselineServer {
    static let path = "/baseline"
    /// 52 bytes of JSON; nginx answers the same body in the `baselines` run.
    static let body = #"{"status":"ok","waiting":12345,"admittedActive":100}"#
    let http: HTTPServer
    let port: UInt16
    private let task: Task<Void, any Error>

    static func start() async throws -> BaselineServer {
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: 0)
        let config = HTTPServer.Configuration(address: address, timeout: 15,
                                              pool: NoDelayPool(base: HTTPServer.defaultPool()),
                                              logger: .disabled)
        let http = HTTPServer(config: config)
        let body = Data(Self.body.utf8)
        await http.appendRoute(HTTPRoute(method: .GET, path: path)) { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
        }
        let task = Task { try await http.run() }
        try await http.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port)? = await http.listeningAddress else { throw SocketError.disconnected }
        return BaselineServer(http: http, port: port, task: task)
    }

    func stop() async {
        await http.stop(timeout: 1)
        task.cancel()
    }
}
