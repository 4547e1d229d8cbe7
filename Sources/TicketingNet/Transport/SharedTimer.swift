import Synchronization
import TicketingDomain

/// One-shot actions at instants, all driven by one sleeping task. Every `Task.sleep` arms a
/// dispatch timer through dispatch's manager thread (a wake-up and a context switch each); a
/// timeout per request that almost never fires paid that on every request (BENCHMARKS.md). Here
/// the task sleeps until the earliest deadline still pending, so a stream of timeouts of one
/// length costs about one wake-up per timeout length, not one per timeout.
public final class SharedTimer: Sendable {
    public typealias Action = @Sendable () -> Void

    private struct State {
        var pending: [UInt64: (deadline: ContinuousClock.Instant, action: Action)] = [:]
        /// Deadlines by id, earliest first; ids cancelled before their deadline are dropped when
        /// they reach the top (or when the heap is rebuilt from `pending`).
        var heap = MinHeap<ContinuousClock.Instant, UInt64>()
        var nextId: UInt64 = 0
        /// The running timer's wake-up time and generation; a timer whose generation is no
        /// longer current stops.
        var wakeAt: ContinuousClock.Instant?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Runs `action` at `deadline` (on the timer's task) unless `cancel` comes first.
    @discardableResult
    public func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping Action) -> UInt64 {
        let (id, startTimer) = state.withLock { state -> (UInt64, UInt64?) in
            state.nextId &+= 1
            let id = state.nextId
            state.pending[id] = (deadline, action)
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

    /// Removes the action of `id`; false when it has run (or is running) already.
    @discardableResult
    public func cancel(_ id: UInt64) -> Bool {
        state.withLock { $0.pending.removeValue(forKey: id) } != nil
    }

    /// Actions still to run (tests).
    public var pendingCount: Int { state.withLock { $0.pending.count } }
    /// Deadlines the heap holds, cancelled ones included until they are dropped (tests).
    public var heapCount: Int { state.withLock { $0.heap.count } }

    private func timer(generation: UInt64, until first: ContinuousClock.Instant) {
        Task.detached { [self] in
            var wake = first
            while true {
                try? await Task.sleep(until: wake, clock: .continuous)
                let (due, next) = state.withLock { state -> ([Action], ContinuousClock.Instant?) in
                    guard state.generation == generation else { return ([], nil) }
                    let now = ContinuousClock.now
                    var due: [Action] = []
                    while let (_, id) = state.heap.top {
                        guard let entry = state.pending[id] else {
                            state.heap.pop()
                            continue
                        }
                        guard entry.deadline <= now else { break }
                        state.heap.pop()
                        state.pending[id] = nil
                        due.append(entry.action)
                    }
                    state.wakeAt = state.heap.top?.0
                    return (due, state.wakeAt)
                }
                for action in due { action() }
                guard let next else { return }
                wake = next
            }
        }
    }
}
