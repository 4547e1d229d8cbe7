import FlyingSocks
#if canImport(Glibc)
import Glibc
#endif

/// Turns a cancelled wait into a socket shutdown, so the pool never sees a cancellation.
///
/// FlyingSocks removes a cancelled waiter from epoll later, in a task of its own, keyed by the
/// descriptor number. When the socket is closed and the number reused before that task runs,
/// the late removal unregisters the new socket and its waiter hangs for good (seen as a request
/// or WebSocket close that never completes). Here the wait itself is shielded from cancellation;
/// cancelling shuts the socket down instead, which epoll reports like any event, so the pool
/// removes the waiter in step. A cancelled wait only happens when its stream is being abandoned
/// (a deadline passed or the owner stopped), so ending the socket is what the caller wants anyway.
struct ShutdownOnCancelPool: AsyncSocketPool {
    let base: any AsyncSocketPool

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try Task.checkCancellation()
        let base = self.base
        let wait = Task { try await base.suspendSocket(socket, untilReadyFor: events) }
        let fd = socket.file.rawValue
        try await withTaskCancellationHandler {
            try await wait.value
        } onCancel: {
            _ = shutdown(fd, Int32(SHUT_RDWR))
        }
        try Task.checkCancellation()
    }
}
