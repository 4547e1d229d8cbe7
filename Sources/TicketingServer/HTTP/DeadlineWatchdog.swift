import Synchronization
import TicketingDomain

/// Hands out "no answer in time" for every request under way with one shared timer, instead of a
/// timer task per request: each `Task.sleep` went through dispatch's manager thread (a `write` to
/// wake it, a context switch, a timer armed and cancelled), ~13 % of a request's CPU
/// (BENCHMARKS.md). The timer sleeps until the earliest deadline still pending; under load that is
/// about one wake-up per deadline length, not one per request.
final class DeadlineWatchdog<Answer: Sendable>: Sendable {
    typealias Waiter = CheckedContinuation<Answer?, Never>

    private struct Pending {
        var deadline: ContinuousClock.Instant
        var waiter: Waiter
    }

    private struct State {
        var pending: [UInt64: Pending] = [:]
        /// Deadlines by id, earliest first; ids answered before their deadline are dropped when
        /// they reach the top (or when the heap is rebuilt from `pending`).
        var heap = DeadlineHeap()
        var nextId: UInt64 = 0
        /// The running timer's wake-up time and generation; a timer whose generation is no
        /// longer current stops.
        var wakeAt: ContinuousClock.Instant?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// `work`'s answer, or nil when `deadline` comes first (`work` then runs on to its end).
    func answer(by deadline: ContinuousClock.Instant, _ work: @escaping @Sendable () async -> Answer) async -> Answer? {
        await withCheckedContinuation { continuation in
            let id = register(continuation, deadline: deadline)
            Task { finish(id, with: await work()) }
        }
    }

    /// Registers `waiter` to be resumed with nil at `deadline` unless `finish` comes first.
    func register(_ waiter: Waiter, deadline: ContinuousClock.Instant) -> UInt64 {
        let (id, startTimer) = state.withLock { state -> (UInt64, UInt64?) in
            state.nextId &+= 1
            let id = state.nextId
            state.pending[id] = Pending(deadline: deadline, waiter: waiter)
            if state.heap.count > 2 * state.pending.count + 64 {
                state.heap.rebuild(state.pending.map { ($0.value.deadline, $0.key) })
            } else {
                state.heap.push(deadline, id)
            }
            if let wakeAt = state.wakeAt, wakeAt <= deadline { return (id, nil) }
            state.wakeAt = deadline
            state.generation &+= 1
            return (id, state.generation)
        }
        if let startTimer { timer(generation: startTimer, until: deadline) }
        return id
    }

    /// Resumes the waiter of `id` with `answer`, unless its deadline already answered for it.
    func finish(_ id: UInt64, with answer: Answer) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.waiter.resume(returning: answer)
    }

    /// Requests under way (tests).
    var pendingCount: Int { state.withLock { $0.pending.count } }
    /// Deadlines the heap holds, answered ones included until they are dropped (tests).
    var heapCount: Int { state.withLock { $0.heap.count } }

    private func timer(generation: UInt64, until first: ContinuousClock.Instant) {
        Task.detached { [self] in
            var wake = first
            while true {
                try? await Task.sleep(until: wake, clock: .continuous)
                let (expired, next) = state.withLock { state -> ([Waiter], ContinuousClock.Instant?) in
                    guard state.generation == generation else { return ([], nil) }
                    let now = ContinuousClock.now
                    var expired: [Waiter] = []
                    while let (_, id) = state.heap.top {
                        guard let entry = state.pending[id] else {
                            state.heap.pop()
                            continue
                        }
                        guard entry.deadline <= now else { break }
                        state.heap.pop()
                        state.pending[id] = nil
                        expired.append(entry.waiter)
                    }
                    state.wakeAt = state.heap.top?.0
                    return (expired, state.wakeAt)
                }
                for waiter in expired { waiter.resume(returning: nil) }
                guard let next else { return }
                wake = next
            }
        }
    }
}

/// Pending deadlines by request id, earliest first.
typealias DeadlineHeap = MinHeap<ContinuousClock.Instant, UInt64>
