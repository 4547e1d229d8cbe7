import FlyingSocks
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one event loop (epoll on Linux) that every client socket in the process waits on.
///
/// FlyingSocks' own `.client` pool is shared with anything else in the process that uses it; ours
/// is private so that `TCPStream.close()` can rely on the pool having reached its running state
/// (see `barrier()`).
actor ClientSocketPool {
    static let shared = ClientSocketPool()

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
    /// loop alone. Until then `barrier()` could itself become the pool's run loop.
    private static func waitUntilRunning(_ pool: some AsyncSocketPool) async throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SocketError.makeFailed("pipe") }
        // The pipe is never closed: closing it would race the pool's deregistration of it, which
        // is the very hazard this type exists to avoid.
        let writeEnd = Socket(file: .init(rawValue: fds[1]))
        try writeEnd.setFlags(.nonBlocking)
        try await pool.suspendSocket(writeEnd, untilReadyFor: .write)
    }
}

extension AsyncSocketPool {
    /// Waits until the pool has finished every job it started before this call.
    ///
    /// FlyingSocks resumes a waiting task *before* it removes the socket from epoll. A task that
    /// closes its fd right after waking can win that race: the removal then fails and leaves a stale
    /// entry keyed by the fd number, and the next socket to reuse that number is never registered
    /// and waits forever. `run()` on a pool that is already running throws at once without side
    /// effects, so it is a cheap hop through the pool's actor that orders us after the removal.
    func barrier() async {
        _ = try? await run()
    }
}
