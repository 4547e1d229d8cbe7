import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An event loop shared process-wide: one for client sockets, one per core for the server's. On
/// Linux each is an `EPollPool` (one epoll descriptor, one thread, and the executor of the server
/// connections parked in it); elsewhere FlyingSocks' pool, which parks a Dispatch thread in its
/// wait for as long as it runs (Dispatch caps its threads, hence shared, and a single one for the
/// server), with `barrier()` ordering closes after its deferred removals.
/// Public: the server's transport parks its listener and connections in `.serverLoops`.
public actor SharedSocketPool {
    public static let client = SharedSocketPool(shutdownOnCancel: true)
    /// The server's listener and connections, spread over one loop per core. The server's
    /// transport cancels parked reads of connections it goes on writing to (a WebSocket's
    /// reader), so their waits keep FlyingSocks' own cancellation.
    public static let serverLoops: [SharedSocketPool] = (0..<serverLoopCount).map { _ in
        SharedSocketPool(shutdownOnCancel: false)
    }

    #if canImport(CSystemLinux)
    private static let serverLoopCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    #else
    private static let serverLoopCount = 1
    #endif

    private let shutdownOnCancel: Bool

    private init(shutdownOnCancel: Bool) { self.shutdownOnCancel = shutdownOnCancel }

    private var pool: (any AsyncSocketPool)?
    private var starting: Task<any AsyncSocketPool, any Error>?

    public func get() async throws -> any AsyncSocketPool {
        if let pool { return pool }
        if let starting { return try await starting.value }
        let task = Task { [shutdownOnCancel] in try await Self.start(shutdownOnCancel: shutdownOnCancel) }
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

    private static func start(shutdownOnCancel: Bool) async throws -> any AsyncSocketPool {
        #if canImport(CSystemLinux)
        return try EPollPool(shutdownOnCancel: shutdownOnCancel)
        #else
        let pool = SocketPool.make()
        try await pool.prepare()
        Task.detached { try await pool.run() }
        try await waitUntilRunning(pool)
        return shutdownOnCancel ? ShutdownOnCancelPool(base: pool) : pool
        #endif
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

/// Public: the server's transport orders its closes after the pool's removals too.
public extension AsyncSocketPool {
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
