import FlyingFox
import Foundation
import TicketingNet

/// The server's half of the opening handshake (RFC 6455 §4.2.1), read from the request's header
/// index. FlyingFox's `WebSocketHTTPHandler` checks the same rules with the same messages, but on
/// a full `HTTPHeaders` copy of the request (each name lowercased into a dictionary): ~2 % of a
/// rush's server CPU went to copying headers for one handshake per buyer (BENCHMARKS.md).
enum WebSocketUpgrade {
    /// The 101 answer that hands the connection to `handler`, or why the request is no upgrade.
    static func response(to req: RequestContext, handler: some WSHandler) -> Result<HTTPResponse, APIFailure> {
        switch key(in: req) {
        case .failure(let reason):
            return .failure(.badRequest("not a valid WebSocket upgrade request: \(reason.message)"))
        case .success(let key):
            var response = HTTPResponse(webSocket: handler)
            response.headers[.connection] = "upgrade"
            response.headers[.upgrade] = "websocket"
            response.headers[.webSocketAccept] = WebSocketHandshake.accept(for: key)
            return .success(response)
        }
    }

    struct Refusal: Error {
        let message: String
    }

    /// The `Sec-WebSocket-Key` when every header the handshake needs is right.
    static func key(in req: RequestContext) -> Result<String, Refusal> {
        guard req.header("Host") != nil else { return .failure(Refusal(message: "Host header must be present")) }
        guard req.header("Upgrade")?.lowercased() == "websocket" else {
            return .failure(Refusal(message: "Upgrade header must be 'websocket'"))
        }
        guard let connection = req.header("Connection") else {
            return .failure(Refusal(message: "Connection header must be present"))
        }
        let tokens = connection.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard tokens.contains("upgrade") else {
            return .failure(Refusal(message: "Connection header must include 'Upgrade'"))
        }
        guard let key = req.header("Sec-WebSocket-Key") else {
            return .failure(Refusal(message: "Sec-WebSocket-Key header must be present"))
        }
        guard Data(base64Encoded: key)?.count == 16 else {
            return .failure(Refusal(message: "Sec-WebSocket-Key header must be 16 bytes encoded as base64"))
        }
        guard req.header("Sec-WebSocket-Version") == "13" else {
            return .failure(Refusal(message: "Sec-WebSocket-Version header must be '13'"))
        }
        return .success(key)
    }
}
