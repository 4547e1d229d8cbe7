import Foundation

/// The client side of the HTTP/1.1 Upgrade (RFC 6455 §4.1). The key and its accept value are
/// public for the bench's plain-socket subscribers (`qticket-bench ws`).
public enum WebSocketHandshake {
    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    public static func makeKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    public static func accept(for key: String) -> String {
        Data(SHA1.hash(Array((key + acceptGUID).utf8))).base64EncodedString()
    }

    static func request(path: String, key: String, headers: [String: String]) -> ClientRequest {
        var all = headers
        all["Upgrade"] = "websocket"
        all["Connection"] = "Upgrade"
        all["Sec-WebSocket-Key"] = key
        all["Sec-WebSocket-Version"] = "13"
        return ClientRequest(method: "GET", path: path, headers: all)
    }

    /// Reads the server's answer; on success the reader is left at the first frame.
    static func readResponse(from reader: inout ByteReader, key: String) async throws {
        let head = try await HTTPResponseReader.readHead(from: &reader)
        guard head.status == 101 else {
            let (body, _) = try await HTTPResponseReader.readBody(for: head, method: "GET", from: &reader,
                                                                 limit: 1 << 20)
            throw WebSocketError.handshakeRejected(ClientResponse(status: head.status, headers: head.headers,
                                                                  body: Data(body)))
        }
        guard head.headers["upgrade"]?.lowercased() == "websocket" else {
            throw WebSocketError.invalidHandshake("Upgrade is not websocket")
        }
        let connection = (head.headers["connection"] ?? "").lowercased().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard connection.contains("upgrade") else {
            throw WebSocketError.invalidHandshake("Connection does not include Upgrade")
        }
        guard head.headers["sec-websocket-accept"] == accept(for: key) else {
            throw WebSocketError.invalidHandshake("Sec-WebSocket-Accept does not match the key")
        }
        // We offered no extension or subprotocol, so the server must not pick one (§4.1, items 5-6).
        guard head.headers["sec-websocket-extensions"] == nil, head.headers["sec-websocket-protocol"] == nil else {
            throw WebSocketError.invalidHandshake("server chose an extension or subprotocol that was not offered")
        }
    }
}
