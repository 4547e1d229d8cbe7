/// Whether the group commit (`GroupCommits`) waits a moment for more writes before it commits.
///
/// A transaction costs the writer much the same however many writes share it: the WAL frames of
/// the pages they touch (a page two writes change goes out once), a wake-up of the writer's thread
/// and, for money, one fsync. While writes arrive often, waiting `gather` so the next ones join is
/// cheaper than committing each alone (BENCHMARKS.md, "thirteenth session"). Judged once a
/// `period` from what the commits took; pure, the caller passes the time.
public struct CommitPacing: Sendable {
    public static let period: Duration = .milliseconds(100)
    /// Writes a second from which the writer waits for company, unless told otherwise.
    public static let busyWritesPerSecond = 1_000.0
    /// Periods without waiting after waits that found, on average, fewer than two writes per
    /// batch: their writers were waiting on each other's answers (one client's writes in
    /// sequence), so a wait only slowed them.
    public static let holdOffPeriods = 10

    /// The wait while busy; zero never waits.
    public let gather: Duration
    /// Writes a second from which this pacing waits (`busyWritesPerSecond` unless a test says).
    public let busyRate: Double
    public private(set) var gathering = false
    private var periodStart: ContinuousClock.Instant?
    private var writes = 0
    private var gatheredBatches = 0
    private var gatheredWrites = 0
    private var holdOff = 0

    public init(gather: Duration, busyWritesPerSecond: Double = Self.busyWritesPerSecond) {
        self.gather = max(gather, .zero)
        self.busyRate = busyWritesPerSecond
    }

    /// How long to wait before taking the next batch, asked when one is about to be taken; closes
    /// the period first when it is over (so the first write after a quiet spell does not wait).
    public mutating func pause(at now: ContinuousClock.Instant) -> Duration {
        if let start = periodStart, now - start >= Self.period {
            judge(over: now - start)
            periodStart = now
        } else if periodStart == nil {
            periodStart = now
        }
        return gathering ? gather : .zero
    }

    /// A batch of `size` writes was taken, after a wait or not.
    public mutating func took(_ size: Int, gathered: Bool) {
        writes += size
        if gathered {
            gatheredBatches += 1
            gatheredWrites += size
        }
    }

    private mutating func judge(over elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(writes) / seconds
        if gatheredBatches > 0, gatheredWrites < 2 * gatheredBatches {
            holdOff = Self.holdOffPeriods
        } else if holdOff > 0 {
            holdOff -= 1
        }
        gathering = gather > .zero && holdOff == 0 && rate >= busyRate
        writes = 0
        gatheredBatches = 0
        gatheredWrites = 0
    }
}
