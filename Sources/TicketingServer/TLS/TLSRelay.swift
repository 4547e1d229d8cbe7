import Foundation
import Logging
import TicketingNet
import TicketingProtocol

/// One client connection through the TLS terminator: the handshake, a loopback connection to
/// FlyingFox, then bytes both ways until both directions have ended.
///
/// Three tasks at most whatever the traffic (this one and a copier per direction), all waiting on
/// the event loop; OpenSSL is only ever called non-blocking, so no thread is held.
struct TLSRelay: Sendable {
    let client: TCPStream
    let clientAddress: String
    let context: TLSContext
    let upstreamPort: UInt16
    let peers: ForwardedPeers
    let logger: Logger

    /// A client that has not finished its handshake by then is dropped: it would hold a
    /// connection open for free otherwise.
    static let handshakeTimeout: TimeInterval = 10
    /// Once FlyingFox has closed its side, how long the client gets to close its own.
    static let lingerTimeout: TimeInterval = 5

    func run() async {
        let secured: TCPStream
        do {
            secured = try await withDeadline(seconds: Self.handshakeTimeout) { [client, context] in
                try await client.startTLS(server: context)
            }
        } catch is PlainHTTPOnTLSPort {
            await refusePlainHTTP()
            return
        } catch {
            logger.debug("TLS handshake failed", metadata: [
                "client.address": "\(clientAddress)", "error.message": "\(error)",
            ])
            await client.close()
            return
        }
        let upstream: TCPStream
        do {
            upstream = try await TCPStream.connect(host: "127.0.0.1", port: upstreamPort)
        } catch {
            logger.error("TLS terminator cannot reach the HTTP server", metadata: ["error.message": "\(error)"])
            await secured.close()
            return
        }
        let port = upstream.localPort
        if let port { await peers.register(port: port, client: clientAddress) }
        await Self.relay(secured, upstream)
        if let port { await peers.remove(port: port) }
        await upstream.close()
        await secured.close()
    }

    private enum Leg { case toServer, toClient, linger }

    private static func relay(_ secured: TCPStream, _ upstream: TCPStream) async {
        await withTaskGroup(of: Leg.self) { group in
            group.addTask { await copy(from: secured, to: upstream); return .toServer }
            group.addTask { await copy(from: upstream, to: secured); return .toClient }
            // A client that half-closed still gets its response: FlyingFox closes once it is sent.
            // But once FlyingFox has closed, only a client that never closes would keep us here.
            guard await group.next() == .toClient else { return }
            group.addTask {
                try? await Task.sleep(for: .seconds(lingerTimeout))
                return .linger
            }
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// Copies until `source` ends, then ends `sink`'s writing too, passing a half-close on. When
    /// either side fails, both are shut down so the opposite copy ends as well.
    private static func copy(from source: TCPStream, to sink: TCPStream) async {
        while true {
            let bytes: [UInt8]
            do {
                bytes = try await source.read()
            } catch TransportFailure.closed {
                await sink.finishWriting()
                return
            } catch {
                break
            }
            do {
                try await sink.write(Data(bytes))
            } catch {
                break
            }
        }
        source.shutdown()
        sink.shutdown()
    }

    /// Answers plain HTTP in plain HTTP, so a mistyped `http://` gets a reason instead of garbage.
    private func refusePlainHTTP() async {
        let body = (try? WireJSON.encode(ErrorEnvelope(error: ErrorBody(
            code: .badRequest, message: "this port speaks HTTPS: use https:// (or wss://)")))) ?? Data()
        let response = Data(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n").utf8) + body
        // As long as a handshake may take: a starved process must still get its answer out.
        _ = try? await withDeadline(seconds: Self.handshakeTimeout) { [client] in
            try await client.write(response)
            await client.finishWriting()
            // Reading the rest of the request before closing: closing with unread bytes makes the
            // kernel send a reset, which can destroy the response before the client reads it.
            while true { _ = try await client.read() }
        }
        await client.close()
    }
}
