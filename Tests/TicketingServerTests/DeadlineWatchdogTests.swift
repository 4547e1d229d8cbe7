import Testing
@testable import TicketingServer

/// The shared request-deadline timer: answers in time, expires what runs late (whatever was
/// registered before it), and does not keep answered requests around.
@Suite("Deadline watchdog")
struct DeadlineWatchdogTests {
    @Test func anAnswerBeforeTheDeadlineIsReturned() async {
        let watchdog = DeadlineWatchdog<String>()
        let answer = await watchdog.answer(by: .now + .seconds(30)) { "done" }
        #expect(answer == "done")
        #expect(watchdog.pendingCount == 0)
    }

    @Test func workPastTheDeadlineIsAnsweredNilAndRunsOnToItsEnd() async {
        let watchdog = DeadlineWatchdog<String>()
        let (released, release) = AsyncStream<Void>.makeStream()
        let (ended, endedContinuation) = AsyncStream<String>.makeStream()
        let started = ContinuousClock.now
        let answer = await watchdog.answer(by: .now + .milliseconds(100)) {
            for await _ in released { break }
            endedContinuation.yield("ended")
            return "late"
        }
        let waited = ContinuousClock.now - started
        #expect(answer == nil)
        // No upper bound: beside the parallel suites the cooperative pool can be busy for seconds.
        #expect(waited >= .milliseconds(100), "answered after \(waited)")
        release.yield()
        var iterator = ended.makeAsyncIterator()
        #expect(await iterator.next() == "ended")
        #expect(watchdog.pendingCount == 0)
    }

    /// The timer sleeps until the earliest deadline it knows: a shorter one registered later
    /// must wake it sooner, not wait behind the long one (ten minutes here, so a starved
    /// cooperative pool beside the parallel suites cannot pass for that).
    @Test func aShortDeadlineAfterALongOneExpiresOnTime() async {
        let watchdog = DeadlineWatchdog<String>()
        let (released, release) = AsyncStream<Void>.makeStream()
        let long = Task {
            await watchdog.answer(by: .now + .seconds(600)) {
                for await _ in released { break }
                return "long"
            }
        }
        while watchdog.pendingCount == 0 { await Task.yield() }
        let started = ContinuousClock.now
        let short = await watchdog.answer(by: .now + .milliseconds(50)) {
            try? await Task.sleep(for: .seconds(60))
            return "short"
        }
        let waited = ContinuousClock.now - started
        #expect(short == nil)
        #expect(waited < .seconds(300), "answered after \(waited)")
        release.yield()
        #expect(await long.value == "long")
    }

    /// Answered requests leave the heap in bounded time, whatever the deadline's length.
    @Test func answeredRequestsDoNotAccumulate() async {
        let watchdog = DeadlineWatchdog<Int>()
        for index in 0..<2_000 {
            let answer = await watchdog.answer(by: .now + .seconds(600)) { index }
            #expect(answer == index)
        }
        #expect(watchdog.pendingCount == 0)
        #expect(watchdog.heapCount <= 64 + 1, "\(watchdog.heapCount) deadlines kept")
    }
}
