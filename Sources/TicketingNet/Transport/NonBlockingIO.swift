import FlyingSocks
import Foundation

extension Socket {
    /// Writes all of `data` to this non-blocking socket, parking in `pool` whenever the send
    /// buffer is full. Public: the server's responses and WebSocket frames go out through it,
    /// as `TCPStream`'s plain writes do, so there is one write loop and not one per caller.
    public func writeAll(_ data: Data, pool: any AsyncSocketPool) async throws {
        try await NonBlockingIO.writeAll(data, on: self, pool: pool) { try self.write(data, from: $0) }
    }
}

/// The waits shared by every non-blocking operation on a socket, plain or TLS.
enum NonBlockingIO {
    /// `step` writes what it can from an index and returns the index it reached.
    static func writeAll(_ data: Data, on socket: Socket, pool: any AsyncSocketPool,
                         _ step: (Data.Index) throws -> Data.Index) async throws {
        var index = data.startIndex
        while index < data.endIndex {
            let from = index
            index = try await retryWhenBlocked(socket, pool: pool, on: .write) { try step(from) }
        }
    }

    /// Runs `attempt` until it stops reporting that the socket would block, waiting in `pool`
    /// in between. A cancelled task stops before the next attempt.
    static func retryWhenBlocked<T>(_ socket: Socket, pool: any AsyncSocketPool, on events: Socket.Events,
                                    _ attempt: () throws -> T) async throws -> T {
        while true {
            try Task.checkCancellation()
            do {
                return try attempt()
            } catch SocketError.blocked {
                try await pool.suspendSocket(socket, untilReadyFor: events)
            } catch let blocked as TLSWouldBlock {
                // A TLS read may have to write first (and a write read), whatever the caller asked.
                try await pool.suspendSocket(socket, untilReadyFor: blocked.events)
            }
        }
    }
}
