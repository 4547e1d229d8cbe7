import Testing
import TicketingStorage

/// When the group commit waits for more writes: only while writes come often, and not for
/// writers that wait on each other's answers. Times are given, not read.
@Suite("Commit pacing")
struct CommitPacingTests {
    private let start = ContinuousClock.now
    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }
    /// Writes in one 100-ms period at twice the busy rate, and at 0.4 times it.
    private let busy = Int(CommitPacing.busyWritesPerSecond / 5)
    private let quiet = Int(CommitPacing.busyWritesPerSecond / 25)

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
        #expect(period(&pacing, from: 0, batches: quiet, size: 1).allSatisfy { $0 == .zero })
        // The first batch of the next period judges the last one: not busy.
        #expect(period(&pacing, from: 100, batches: busy / 5, size: 5).first == .zero)
        // That period was busy, so from here the batches wait.
        let waited = period(&pacing, from: 200, batches: busy / 5, size: 5)
        #expect(waited.allSatisfy { $0 == .milliseconds(3) })
        #expect(pacing.gathering)
    }

    @Test func theFirstWriteAfterAQuietSpellDoesNotWait() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        _ = period(&pacing, from: 0, batches: busy / 10, size: 10)
        _ = period(&pacing, from: 100, batches: busy / 10, size: 10)
        #expect(pacing.gathering)
        // At 2.2 s: the period just ended held a busy period's writes over 2.1 s.
        #expect(pacing.pause(at: at(2_200)) == .zero)
    }

    @Test func aZeroGatherNeverWaits() {
        var pacing = CommitPacing(gather: .zero)
        for from in stride(from: 0, to: 1_000, by: 100) {
            #expect(period(&pacing, from: from, batches: busy / 4, size: 4).allSatisfy { $0 == .zero })
        }
    }

    /// One client writing in sequence: each wait finds nobody else, so the waits stop for ten
    /// periods although the rate stays high, then are tried again.
    @Test func waitsThatFindNoCompanyHoldOffForTenPeriods() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        _ = period(&pacing, from: 0, batches: busy, size: 1)
        let waited = period(&pacing, from: 100, batches: busy, size: 1)
        #expect(waited.allSatisfy { $0 == .milliseconds(3) })
        // Waits that each took one write: held off from the next period on.
        for index in 0..<CommitPacing.holdOffPeriods {
            let pauses = period(&pacing, from: 200 + index * 100, batches: busy, size: 1)
            #expect(pauses.allSatisfy { $0 == .zero }, "period \(index)")
        }
        #expect(period(&pacing, from: 200 + CommitPacing.holdOffPeriods * 100, batches: busy / 10, size: 10).first
                == .milliseconds(3))
    }

    @Test func waitsThatGatherCompanyGoOn() {
        var pacing = CommitPacing(gather: .milliseconds(3))
        _ = period(&pacing, from: 0, batches: busy / 2, size: 2)
        for from in stride(from: 100, to: 2_000, by: 100) {
            #expect(period(&pacing, from: from, batches: busy / 3, size: 3).allSatisfy { $0 == .milliseconds(3) },
                    "from \(from)")
        }
    }
}
