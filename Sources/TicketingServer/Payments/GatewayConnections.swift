import Foundation
import TicketingNet

/// Kept-alive connections to one gateway. `HTTPClient` serves one request at a time, so
/// concurrent payments each borrow a client; idle ones are kept for the next call.
actor GatewayConnections {
    let host: String
    let port: UInt16
    let timeout: TimeInterval
    let tls: TLSOptions?
    let maxIdle: Int
    private var idle: [HTTPClient] = []

    init(host: String, port: UInt16, timeout: TimeInterval, tls: TLSOptions?, maxIdle: Int) {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.tls = tls
        self.maxIdle = maxIdle
    }

    func send(_ request: ClientRequest) async throws -> ClientResponse {
        let client = idle.popLast() ?? HTTPClient(host: host, port: port, timeout: timeout, tls: tls)
        do {
            let response = try await client.send(request)
            if idle.count < maxIdle {
                idle.append(client)
            } else {
                await client.close()
            }
            return response
        } catch {
            // A failed exchange already dropped its connection; the client is not worth keeping.
            await client.close()
            throw error
        }
    }

    func closeAll() async {
        let clients = idle
        idle.removeAll()
        for client in clients { await client.close() }
    }
}
