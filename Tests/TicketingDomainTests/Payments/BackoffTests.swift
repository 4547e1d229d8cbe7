import Testing
import TicketingDomain

@Suite("Backoff with full jitter")
struct BackoffTests {
    let base = Duration.milliseconds(100)
    let cap = Duration.seconds(5)

    @Test func ceilingDoublesFromBaseUntilTheCap() {
        let backoff = Backoff(base: base, cap: cap)
        let ceilings = (0..<8).map { backoff.ceiling(attempt: $0) }
        #expect(ceilings == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                             .milliseconds(1600), .milliseconds(3200), .seconds(5), .seconds(5)])
    }

    @Test func hugeAttemptsStayAtTheCapInsteadOfOverflowing() {
        let backoff = Backoff(base: base, cap: cap)
        for attempt in [40, 62, 63, 64, 1_000, Int.max] {
            #expect(backoff.ceiling(attempt: attempt) == cap)
        }
        #expect(backoff.ceiling(attempt: -3) == base)
    }

    @Test func delayIsTheRandomDrawBetweenZeroAndTheCeiling() {
        let highest = Backoff(base: base, cap: cap, random: RandomSource { $0.upperBound })
        let lowest = Backoff(base: base, cap: cap, random: RandomSource { $0.lowerBound })
        for attempt in 0..<10 {
            #expect(highest.delay(attempt: attempt) == highest.ceiling(attempt: attempt))
            #expect(lowest.delay(attempt: attempt) == .zero)
        }
    }

    @Test func seededDelaysAreReproducibleAndWithinBounds() {
        let first = Backoff(base: base, cap: cap, random: .seeded(42))
        let second = Backoff(base: base, cap: cap, random: .seeded(42))
        for attempt in 0..<50 {
            let delay = first.delay(attempt: attempt % 10)
            #expect(delay == second.delay(attempt: attempt % 10))
            #expect(delay >= .zero && delay <= first.ceiling(attempt: attempt % 10))
        }
    }

    /// Full jitter means uniform over the whole window: a mean near half the ceiling and every
    /// tenth of the window used. "Equal jitter" (ceiling/2 + random) or no jitter would fail.
    @Test func delaysSpreadUniformlyOverTheWindow() {
        let backoff = Backoff(base: base, cap: cap, random: .seeded(7))
        let ceiling = Double(backoff.ceiling(attempt: 20).components.seconds)
        var buckets = [Int](repeating: 0, count: 10)
        var sum = 0.0
        let samples = 20_000
        for _ in 0..<samples {
            let (seconds, attoseconds) = backoff.delay(attempt: 20).components
            let value = Double(seconds) + Double(attoseconds) / 1e18
            sum += value
            buckets[min(9, Int(value / ceiling * 10))] += 1
        }
        let mean = sum / Double(samples)
        #expect(abs(mean - ceiling / 2) < ceiling * 0.02)
        for count in buckets {
            #expect(abs(count - samples / 10) < samples / 50)
        }
    }
}
