import Foundation
import Synchronization
import Testing
@testable import TicketingNet

/// The shared timer runs each action once at its deadline unless cancelled first, wakes for a
/// shorter deadline registered after a long one, and keeps no cancelled entries around; and
/// `withDeadline` built on it cancels late work, waits for it to unwind, and keeps a result
/// that beat the deadline.
@Suite("Shared timer and withDeadline")
struct SharedTimerTests {
    @Test func anActionRunsAtItsDeadlineAndOnlyOnce() async {
        let timer = SharedTimer()
        let (fired, fire) = AsyncStream<ContinuousClock.Instant>.makeStream()
        let started = ContinuousClock.now
        let id = timer.schedule(at: started + .milliseconds(50)) { fire.yield(.now) }
        var iterator = fired.makeAsyncIterator()
        let at = await iterator.next()
        #expect(at.map { $0 - started >= .milliseconds(50) } == true)
        // Ran already: nothing left to cancel.
        #expect(timer.cancel(id) == false)
        #expect(timer.pendingCount == 0)
    }

    @Test func aCancelledActionNeverRuns() async {
        let timer = SharedTimer()
        let ran = Counter()
        let (fired, fire) = AsyncStream<Void>.makeStream()
        let cancelled = timer.schedule(at: .now + .milliseconds(20)) { ran.bump() }
        #expect(timer.cancel(cancelled))
        // A later action on the same timer runs: by then the cancelled one's moment has passed.
        timer.schedule(at: .now + .milliseconds(60)) { fire.yield() }
        var iterator = fired.makeAsyncIterator()
        await iterator.next()
        #expect(ran.value == 0)
    }

    /// Ten minutes for the long one, so a starved cooperative pool cannot pass for a wake-up.
    @Test func aShortDeadlineAfterALongOneRunsFirst() async {
        let timer = SharedTimer()
        let (fired, fire) = AsyncStream<String>.makeStream()
        let long = timer.schedule(at: .now + .seconds(600)) { fire.yield("long") }
        timer.schedule(at: .now + .milliseconds(30)) { fire.yield("short") }
        var iterator = fired.makeAsyncIterator()
        #expect(await iterator.next() == "short")
        #expect(timer.cancel(long))
    }

    @Test func cancelledDeadlinesDoNotAccumulate() {
        let timer = SharedTimer()
        for _ in 0..<5_000 {
            let id = timer.schedule(at: .now + .seconds(600)) {}
            #expect(timer.cancel(id))
        }
        #expect(timer.pendingCount == 0)
        #expect(timer.heapCount <= 64 + 1, "\(timer.heapCount) deadlines kept")
    }

    @Test func workInTimeKeepsItsResult() async throws {
        let value = try await withDeadline(seconds: 30) { 42 }
        #expect(value == 42)
    }

    @Test func lateWorkIsCancelledAndUnwindsBeforeTheDeadlineErrorReturns() async {
        let unwound = Counter()
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(seconds: 0.05) {
                defer { unwound.bump() }
                try await Task.sleep(for: .seconds(600))
            }
        }
        #expect(unwound.value == 1, "returned before the operation unwound")
        #expect(ContinuousClock.now - started < .seconds(300))
    }

    @Test func cancellingTheCallerCancelsTheWork() async {
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let caller = Task {
            try await withDeadline(seconds: 600) {
                enter.yield()
                try await Task.sleep(for: .seconds(600))
            }
        }
        var iterator = entered.makeAsyncIterator()
        await iterator.next()
        caller.cancel()
        let result = await caller.result
        #expect(throws: CancellationError.self) { try result.get() }
    }
}

private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func bump() { count.add(1, ordering: .relaxed) }
}
