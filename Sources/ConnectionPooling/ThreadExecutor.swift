import Foundation

/// A serial executor that runs every job on one dedicated thread.
///
/// hiredis and libpq block in `read`/`poll` until the server answers. An actor whose executor is
/// a `ThreadExecutor` may call them directly: the wait ties up this thread only, never one of the
/// cooperative pool's few threads (two on these machines), so a slow Redis or PostgreSQL cannot
/// stall unrelated tasks.
///
/// `@unchecked Sendable` is sound: `jobs`, `stopped` and `thread` are read and written only while `condition`
/// is locked, and the thread is the only consumer.
public final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false
    private var thread: pthread_t?

    public init(name: String) {
        // Named from inside (best effort, for `top -H`): on Linux a name set before start() is
        // lost and the thread carries its creator's name.
        let thread = Thread { [self] in
            Thread.current.name = name
            condition.lock()
            self.thread = pthread_self()
            condition.unlock()
            runLoop()
        }
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// True on the executor's own thread: connections check it before a blocking call.
    public var isCurrentThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        return thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Lets the thread finish once the jobs already queued have run.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
