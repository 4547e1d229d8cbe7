import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening TCP socket whose accepts wait on the shared pool, handing out `TCPStream`s. The
/// server's TLS terminator uses it; FlyingFox keeps its own listener.
/// Public: the server's TLS terminator accepts with it.
public struct TCPListener: Sendable {
    private let socket: Socket
    private let pool: any AsyncSocketPool

    /// Binds and listens now, so a taken port or a bad address fails here.
    public static func listen(on address: some SocketAddress) async throws -> TCPListener {
        let pool = try await SharedSocketPool.client.get()
        let socket = try Socket(domain: Int32(type(of: address).family), type: .stream)
        do {
            try socket.setValue(true, for: .localAddressReuse)
            // Accepted sockets inherit it on Linux; `TCPStream.accepted` sets it again elsewhere.
            try socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
            try socket.bind(to: address)
            try socket.listen()
            try socket.setFlags(.nonBlocking)
        } catch {
            try? socket.close()
            throw error
        }
        return TCPListener(socket: socket, pool: pool)
    }

    public var port: UInt16? {
        switch try? socket.sockname() {
        case .ip4(_, let port), .ip6(_, let port): port
        default: nil
        }
    }

    /// The next connection and its peer's IP address. Cancelling the calling task ends the wait.
    public func accept() async throws -> (stream: TCPStream, peer: String) {
        while true {
            try Task.checkCancellation()
            let accepted: (file: Socket.FileDescriptor, addr: sockaddr_storage)
            do {
                accepted = try socket.accept()
            } catch SocketError.blocked {
                try await pool.suspendSocket(socket, untilReadyFor: [.read])
                continue
            }
            let connection = Socket(file: accepted.file)
            let peer: String = switch try? Socket.makeAddress(from: accepted.addr) {
            case .ip4(let ip, _), .ip6(let ip, _): ip
            case .unix(let path): path
            case nil: "-"
            }
            do {
                return (try await TCPStream.accepted(connection), peer)
            } catch {
                // Nothing waits on the new socket yet, so it can be closed at once.
                try? connection.close()
                throw error
            }
        }
    }

    /// Call once no task is waiting in `accept()` any more.
    public func close() async {
        await pool.barrier()
        try? socket.close()
    }
}
