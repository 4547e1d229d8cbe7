#if canImport(CSystemLinux)
import CSystemLinux
import FlyingSocks
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A socket pool on one epoll descriptor and one thread of its own, for FlyingSocks' sockets.
///
/// FlyingSocks' `SocketPool` is an actor: every wait hops onto it, adds the descriptor to epoll,
/// and removes it again after the wake-up, and each round of `epoll_wait` is a Dispatch job that
/// hops back. Under load that was the largest share of a request's CPU left outside our own code
/// (BENCHMARKS.md, "What now limits"). Here a wait takes a lock, re-arms the descriptor (it stays
/// registered, one-shot), and parks; the epoll thread resumes it directly. A cancelled wait is
/// removed under the same lock, by its id, so no late removal can hit a reused descriptor
/// number (the hazard `SharedSocketPool.barrier()` and the old shutdown-on-cancel wrapper
/// worked around).
///
/// The pool is also a `TaskExecutor`: a task that prefers it (the server's connections) runs its
/// jobs on the epoll thread between waits, so a socket that becomes ready resumes its reader on
/// the thread that saw it instead of waking a Dispatch worker for each request (docs/ARCHITECTURE.md,
/// "Module graph"). Jobs enqueued from other threads wake the loop through an eventfd.
public final class EPollPool: AsyncSocketPool, TaskExecutor, Sendable {
    typealias Continuation = CheckedContinuation<Void, any Error>

    private struct RunQueue {
        var jobs: [UnownedJob] = []
        /// The loop is (about to be) blocked in `epoll_wait` with no timeout.
        var sleeping = false
    }

    private struct Waiter {
        let id: UInt64
        let events: Socket.Events
        let continuation: Continuation
    }

    private struct State {
        var waiting: [Int32: [Waiter]] = [:]
        /// The descriptor each parked wait is on, for cancellation.
        var parked: [UInt64: Int32] = [:]
        /// Descriptors added to epoll at some point (closed ones are forgotten by the kernel).
        var added = Set<Int32>()
    }

    private let file: Int32
    private let shutdownOnCancel: Bool
    private let state = Mutex(State())
    private let lastId = Atomic<UInt64>(0)
    private let runQueue = Mutex(RunQueue())
    private let wakeFile: Int32
    /// `pthread_self()` of the loop's thread once it runs (tests).
    let loopThread = Atomic<UInt>(0)
    /// Whether the caller runs on the loop's thread (tests).
    var isCurrentThread: Bool { UInt(pthread_self()) == loopThread.load(ordering: .acquiring) }
    private let coalescingPolicy = Mutex(LoopCoalescing.off)
    private let napCount = Atomic<Int>(0)

    /// When the loop naps between rounds instead of waking for each event (`LoopCoalescing`);
    /// read by the loop once a period. Off until set.
    public var coalescing: LoopCoalescing {
        get { coalescingPolicy.withLock { $0 } }
        set { coalescingPolicy.withLock { $0 = newValue } }
    }

    /// Whether a wait on `fd` is parked in this loop (tests).
    func isParked(_ fd: Int32) -> Bool { state.withLock { $0.waiting[fd] != nil } }

    /// How many naps the loop has taken.
    public var naps: Int { napCount.load(ordering: .relaxed) }

    /// `shutdownOnCancel`: a cancelled wait also shuts its socket down, for callers that cancel
    /// only to abandon a stream (the HTTP client's deadlines).
    public init(shutdownOnCancel: Bool) throws {
        file = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard file >= 0 else { throw SocketError.makeFailed("epoll_create1") }
        wakeFile = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wakeFile >= 0 else { throw SocketError.makeFailed("eventfd") }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFile
        guard epoll_ctl(file, EPOLL_CTL_ADD, wakeFile, &event) == 0 else { throw SocketError.makeFailed("epoll_ctl") }
        self.shutdownOnCancel = shutdownOnCancel
        let thread = Thread { [self] in loop() }
        thread.name = "qticket-epoll"
        thread.start()
    }

    public func prepare() async throws {}

    /// The pool runs on its own thread from `init`; `run()` returns at once (it has nothing to
    /// drive), which keeps `barrier()` a no-op.
    public func run() async throws {
        throw SocketError.disconnected
    }

    public func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try await suspend(socket, untilReadyFor: events, shutdownOnCancel: shutdownOnCancel)
    }

    /// This loop's waits as a client stream needs them: a cancelled wait also shuts its socket
    /// down, whatever the pool's own setting (a server loop's is off).
    public var abandoningOnCancel: some AsyncSocketPool { AbandoningOnCancel(loop: self) }

    fileprivate func suspend(_ socket: Socket, untilReadyFor events: Socket.Events,
                             shutdownOnCancel: Bool) async throws {
        let fd = socket.file.rawValue
        let id = lastId.wrappingAdd(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Continuation) in
                // Checked under the lock: a cancellation after this point finds the wait parked.
                let failure = state.withLock { state -> (any Error)? in
                    if Task.isCancelled { return CancellationError() }
                    state.waiting[fd, default: []].append(Waiter(id: id, events: events, continuation: continuation))
                    state.parked[id] = fd
                    guard arm(fd, &state) else {
                        _ = Self.take(id, on: fd, from: &state)
                        return SocketError.makeFailed("epoll_ctl")
                    }
                    return nil
                }
                if let failure { continuation.resume(throwing: failure) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Continuation? in
                guard let fd = state.parked[id] else { return nil }
                return Self.take(id, on: fd, from: &state)
            }
            if shutdownOnCancel { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wake = runQueue.withLock { queue in
            queue.jobs.append(job)
            defer { queue.sleeping = false }
            return queue.sleeping
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFile, &one, 8)
        }
    }

    /// Re-arms `fd` for what its waiters still wait for (one-shot: a wake-up disarms it).
    private func arm(_ fd: Int32, _ state: inout State) -> Bool {
        var mask = UInt32(EPOLLONESHOT.rawValue)
        for waiter in state.waiting[fd] ?? [] {
            if waiter.events.contains(.read) { mask |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
            if waiter.events.contains(.write) { mask |= EPOLLOUT.rawValue }
        }
        var event = epoll_event()
        event.events = mask
        event.data.fd = fd
        let known = state.added.contains(fd)
        var status = epoll_ctl(file, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event)
        // A closed descriptor leaves epoll by itself; its number may come back as a new socket.
        if status != 0, known, errno == ENOENT {
            status = epoll_ctl(file, EPOLL_CTL_ADD, fd, &event)
        } else if status != 0, !known, errno == EEXIST {
            status = epoll_ctl(file, EPOLL_CTL_MOD, fd, &event)
        }
        if status == 0 { state.added.insert(fd) } else { state.added.remove(fd) }
        return status == 0
    }

    private static func take(_ id: UInt64, on fd: Int32, from state: inout State) -> Continuation? {
        state.parked[id] = nil
        guard var waiters = state.waiting[fd], let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        let waiter = waiters.remove(at: index)
        state.waiting[fd] = waiters.isEmpty ? nil : waiters
        return waiter.continuation
    }

    private func loop() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        var ready: [Continuation] = []
        ready.reserveCapacity(capacity)
        var batch: [UnownedJob] = []
        let executor = asUnownedTaskExecutor()
        var load = LoopLoad(policy: coalescing, now: Self.monotonicNow())
        loopThread.store(UInt(pthread_self()), ordering: .releasing)
        while true {
            // Jobs first; block only when none is left (an enqueue then writes the eventfd).
            runQueue.withLock { swap(&$0.jobs, &batch) }
            for job in batch { job.runSynchronously(on: executor) }
            load.ran(jobs: batch.count)
            batch.removeAll(keepingCapacity: true)
            _ = load.roll(now: Self.monotonicNow(), policy: coalescing)
            let count: Int32
            if load.busy, runQueue.withLock({ $0.jobs.isEmpty }) {
                let napped: Bool
                (count, napped) = pollOrNap(events, capacity: capacity, nap: load.nap)
                if napped { load.napped(ready: Self.sockets(in: events, count: count, besides: wakeFile)) }
            } else {
                let timeout: Int32 = runQueue.withLock { queue in
                    if queue.jobs.isEmpty { queue.sleeping = true; return -1 }
                    return 0
                }
                count = epoll_wait(file, events, Int32(capacity), timeout)
                runQueue.withLock { $0.sleeping = false }
            }
            if count < 0 {
                if errno == EINTR { continue }
                fatalError("epoll_wait: \(errno)")
            }
            state.withLock { state in
                for index in 0..<Int(count) where events[index].data.fd != wakeFile {
                    load.ready(socket: events[index].data.fd)
                    wake(events[index], &state, into: &ready)
                }
            }
            for index in 0..<Int(count) where events[index].data.fd == wakeFile {
                var value: UInt64 = 0
                _ = read(wakeFile, &value, 8)
            }
            for continuation in ready { continuation.resume() }
            ready.removeAll(keepingCapacity: true)
        }
    }

    /// What is ready now; if nothing, what is ready after a nap. Jobs enqueued meanwhile write no
    /// eventfd (the loop is not marked sleeping): the round after the nap runs them.
    private func pollOrNap(_ events: UnsafeMutablePointer<epoll_event>, capacity: Int,
                           nap: Duration) -> (count: Int32, napped: Bool) {
        let count = epoll_wait(file, events, Int32(capacity), 0)
        guard count == 0 else { return (count, false) }
        let (seconds, attoseconds) = nap.components
        var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var left = timespec()
        while nanosleep(&pause, &left) != 0 && errno == EINTR { pause = left }
        napCount.wrappingAdd(1, ordering: .relaxed)
        return (epoll_wait(file, events, Int32(capacity), 0), true)
    }

    private static func sockets(in events: UnsafeMutablePointer<epoll_event>, count: Int32, besides wakeFile: Int32) -> Int {
        (0..<Int(max(count, 0))).count { events[$0].data.fd != wakeFile }
    }

    private static func monotonicNow() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Moves the waiters `event` satisfies into `ready` and re-arms for the rest. An error or
    /// hang-up wakes every waiter: each then meets it on its own read or write.
    private func wake(_ event: epoll_event, _ state: inout State, into ready: inout [Continuation]) {
        let fd = event.data.fd
        guard let waiters = state.waiting[fd] else { return }
        let flags = event.events
        let failed = flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
        let readable = failed || flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0
        let writable = failed || flags & EPOLLOUT.rawValue != 0
        var left: [Waiter] = []
        for waiter in waiters {
            if (readable && waiter.events.contains(.read)) || (writable && waiter.events.contains(.write)) {
                state.parked[waiter.id] = nil
                ready.append(waiter.continuation)
            } else {
                left.append(waiter)
            }
        }
        if left.isEmpty {
            state.waiting[fd] = nil
        } else {
            state.waiting[fd] = left
            if !arm(fd, &state) {
                state.waiting[fd] = nil
                for waiter in left {
                    state.parked[waiter.id] = nil
                    ready.append(waiter.continuation)
                }
            }
        }
    }
}

/// An `EPollPool` whose cancelled waits shut their socket down (`EPollPool.abandoningOnCancel`).
private struct AbandoningOnCancel: AsyncSocketPool {
    let loop: EPollPool

    func prepare() async throws {}

    func run() async throws { try await loop.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try await loop.suspend(socket, untilReadyFor: events, shutdownOnCancel: true)
    }
}
#endif
