import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// FlyingFox writes a response head and body in two writes and sets no TCP_NODELAY, so every
/// keep-alive response waits ~44 ms for the peer's delayed ACK (1.4k req/s instead of ~15k,
/// measured on these machines). The server creates its sockets itself; the pool is our only hook,
/// and every socket passes through `suspendSocket` before its first blocking operation.
/// Accepted sockets inherit the option from the listening socket on Linux; setting it again on
/// each suspension is one cheap syscall and also covers platforms that don't inherit.
/// qticketd sets TCP_NODELAY itself now; the bench keeps this for its bare-FlyingFox baseline.
struct NoDelaySocketPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    init(base: Base) {
        self.base = base
    }

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var one: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &one,
                       socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
