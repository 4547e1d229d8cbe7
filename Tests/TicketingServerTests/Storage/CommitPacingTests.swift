import Testing
import TicketingStorage

/// When the group commit waits for more writes: only while writes come often, and not for
/// writers that wait on each other's answers. Times are given, not read.
@Suite("Commit pacing")
struct CommitPacingTests {
    private let start = ContinuousClock.now
    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    /// `count` batches of `size` spread over the period starting at `from` (ms), each asked first.
    private func period(_ pacing: inout CommitPacing, from: Int, batches count: Int, size: Int) -> [Duration] {
        (0..<count).map { index in
            let pause = pacing.pause(at: at(from + index * 100 / count))
            pacing.took(size, gathered: pause > .zero)
            return pause
        }
    }

    @Test func waitsOnlyOnceWritesComeOften() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        // 40 writes in 100 ms: 400 a second, below the busy rate.
        #expect(period(&pacing, from: 0, batches: 40, size: 1).allSatisfy { $0 == .zero })
        // The first batch of the next period judges the last one: still not busy.
        #expect(period(&pacing, from: 100, batches: 20, size: 5).first == .zero)
        // 100 writes in that period: 1,000 a second, so from here the batches wait.
        let busy = period(&pacing, from: 200, batches: 20, size: 5)
        #expect(busy.allSatisfy { $0 == .milliseconds(3) })
        #expect(pacing.gathering)
    }

    @Test func theFirstWriteAfterAQuietSpellDoesNotWait() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        _ = period(&pacing, from: 0, batches: 20, size: 10)
        _ = period(&pacing, from: 100, batches: 20, size: 10)
        #expect(pacing.gathering)
        // At 2.2 s: the period just ended held 200 writes over 2.1 s.
        #expect(pacing.pause(at: at(2_200)) == .zero)
    }

    @Test func aZeroGatherNeverWaits() {
        var pacing = CommitPacing(gather: .zero)
        for from in stride(from: 0, to: 1_000, by: 100) {
            #expect(period(&pacing, from: from, batches: 50, size: 10).allSatisfy { $0 == .zero })
        }
    }

    /// One client writing in sequence: each wait finds nobody else, so the waits stop for ten
    /// periods although the rate stays high, then are tried again.
    @Test func waitsThatFindNoCompanyHoldOffForTenPeriods() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        _ = period(&pacing, from: 0, batches: 100, size: 1)
        let waited = period(&pacing, from: 100, batches: 60, size: 1)
        #expect(waited.allSatisfy { $0 == .milliseconds(3) })
        // 60 waits that each took one write: held off from the next period on.
        for index in 0..<CommitPacing.holdOffPeriods {
            let pauses = period(&pacing, from: 200 + index * 100, batches: 100, size: 1)
            #expect(pauses.allSatisfy { $0 == .zero }, "period \(index)")
        }
        #expect(period(&pacing, from: 200 + CommitPacing.holdOffPeriods * 100, batches: 10, size: 10).first == .milliseconds(3))
    }

    @Test func waitsThatGatherCompanyGoOn() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        _ = period(&pacing, from: 0, batches: 50, size: 2)
        for from in stride(from: 100, to: 2_000, by: 100) {
            #expect(period(&pacing, from: from, batches: 25, size: 3).allSatisfy { $0 == .milliseconds(3) }, "from \(from)")
        }
    }
}
