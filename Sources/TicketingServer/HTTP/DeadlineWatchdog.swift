import TicketingNet

/// Hands out "no answer in time" for every request under way with one shared timer
/// (`SharedTimer`), instead of a timer task per request: each `Task.sleep` went through
/// dispatch's manager thread (a `write` to wake it, a context switch, a timer armed and
/// cancelled), ~13 % of a request's CPU (BENCHMARKS.md).
final class DeadlineWatchdog<Answer: Sendable>: Sendable {
    private let timer = SharedTimer()

    /// `work`'s answer, or nil when `deadline` comes first (`work` then runs on to its end).
    /// Whichever of the two takes the deadline off the timer first answers: the timer by
    /// running its action, the work by cancelling it.
    func answer(by deadline: ContinuousClock.Instant, _ work: @escaping @Sendable () async -> Answer) async -> Answer? {
        await withCheckedContinuation { continuation in
            let id = timer.schedule(at: deadline) { continuation.resume(returning: nil) }
            Task(executorPreference: LoopExecutor.current) { [timer] in
                let answer = await work()
                if timer.cancel(id) { continuation.resume(returning: answer) }
            }
        }
    }

    /// Requests under way (tests).
    var pendingCount: Int { timer.pendingCount }
    /// Deadlines the heap holds, answered ones included until they are dropped (tests).
    var heapCount: Int { timer.heapCount }
}
