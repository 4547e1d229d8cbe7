import Foundation

struct DeadlineExceeded: Error {
    let seconds: TimeInterval
}

/// The timer behind every `withDeadline`: a client's timeouts almost never fire, and a
/// `Task.sleep` each cost a dispatch-timer wake-up per request (see `SharedTimer`).
let deadlineTimer = SharedTimer()

/// Runs `operation` in a task of its own and cancels it once `seconds` have passed.
///
/// Returns only after the operation has finished unwinding, so whatever it cleans up on
/// cancellation (closing a half-used connection, say) is done before the caller continues.
/// An operation that finishes despite the deadline keeps its result; one that fails after it
/// fails with `DeadlineExceeded`. Public: the TLS relay bounds handshakes with it.
public func withDeadline<T: Sendable>(
    seconds: TimeInterval,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    // On the caller's loop when it has one: `Task {}` alone would run the operation (a whole
    // gateway exchange) on the global pool, a thread woken for each of its steps.
    let work = Task(executorPreference: LoopExecutor.current) { try await operation() }
    let timer = deadlineTimer.schedule(at: .now + .nanoseconds(Int64((min(seconds, 1e9) * 1e9).rounded(.up)))) {
        work.cancel()
    }
    let result = await withTaskCancellationHandler { await work.result } onCancel: { work.cancel() }
    // The timer took its action off the shared timer (and so cancelled the work) exactly when
    // the action is no longer there to cancel: no flag to share with it.
    let expired = !deadlineTimer.cancel(timer)
    if case .failure = result, expired { throw DeadlineExceeded(seconds: seconds) }
    return try result.get()
}
