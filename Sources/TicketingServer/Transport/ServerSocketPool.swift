import FlyingSocks
#if canImport(Glibc)
import Glibc
#endif

/// The one event loop (epoll on Linux) every server socket in the process waits on.
///
/// Shared rather than one per server: each FlyingSocks pool parks a Dispatch thread in
/// `epoll_wait` for as long as it runs, and on Linux Dispatch caps its threads (the test suite
/// starts a server per test). Started once and never stopped; servers end their own sockets.
actor ServerSocketPool {
    static let shared = ServerSocketPool()

    private var pool: (any AsyncSocketPool)?
    private var starting: Task<any AsyncSocketPool, any Error>?

    func get() async throws -> any AsyncSocketPool {
        if let pool { return pool }
        if let starting { return try await starting.value }
        let task = Task { try await Self.start() }
        starting = task
        do {
            let started = try await task.value
            pool = started
            return started
        } catch {
            starting = nil
            throw error
        }
    }

    private static func start() async throws -> any AsyncSocketPool {
        let pool = SocketPool.make()
        try await pool.prepare()
        Task.detached { try await pool.run() }
        try await waitUntilRunning(pool)
        return pool
    }

    /// Resumes only once `run()` is looping: a waiter on an always-writable pipe is woken by the
    /// loop alone, so `barrier()` can never become the run loop itself.
    private static func waitUntilRunning(_ pool: some AsyncSocketPool) async throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SocketError.makeFailed("pipe") }
        // Never closed: closing it would race the pool's deregistration of it (see `barrier()`).
        let writeEnd = Socket(file: .init(rawValue: fds[1]))
        try writeEnd.setFlags(.nonBlocking)
        try await pool.suspendSocket(writeEnd, untilReadyFor: .write)
    }
}

extension AsyncSocketPool {
    /// Waits until the pool has finished every job it started before this call.
    ///
    /// FlyingSocks resumes a waiting task before it removes the socket from epoll. Closing the
    /// descriptor in between makes the removal fail and leaves a stale entry under that number,
    /// so the next socket to reuse it is never registered: its first wait fails and the
    /// connection is dropped unanswered. `run()` on a running pool throws at once without side
    /// effects: a cheap hop through the pool's actor that orders the close after the removal.
    func barrier() async {
        _ = try? await run()
    }
}
