/// When a server loop naps between rounds instead of sleeping until its next event.
///
/// On the 2-core VM this project is measured on, a thread that sleeps and is woken again costs far
/// more CPU than the work a request does once awake (about 90 µs a switch; BENCHMARKS.md, "eleventh
/// session"), and at a steady 80 % of capacity a loop was woken for almost every event. A busy loop
/// therefore naps for `nap` and then serves everything that arrived meanwhile in one round: one
/// wake-up for many events, each event waiting at most one nap longer (BENCHMARKS.md, "twelfth
/// session"). A loop counts as busy only while many distinct sockets keep it busy, so a lone client
/// — a terminal, a test's sequence of requests — is never made to wait; and it stops napping for a
/// while when most of its sockets were found waiting after a nap, so a few clients that keep it
/// saturated are not slowed either. The nap itself shortens while each one gathers `roundTarget`
/// sockets or more (a wake-up is then shared enough) and grows back to `nap` when they gather few.
public struct LoopCoalescing: Sendable, Equatable {
    /// How long a busy loop naps between rounds at most; zero never naps.
    public var nap: Duration
    /// Sockets ready after a nap that make the next nap half as long.
    public var roundTarget = 16
    /// Events (sockets ready, jobs run) per second at or above which a loop may nap…
    public var busyEventsPerSecond: Int
    /// …when at least this many distinct sockets were ready within one period (a loop looks again
    /// at how busy it was every 100 ms, `LoopLoad.periodNanoseconds`).
    public var busySockets: Int

    public init(nap: Duration, busyEventsPerSecond: Int = 1_000, busySockets: Int = 16) {
        self.nap = nap
        self.busyEventsPerSecond = busyEventsPerSecond
        self.busySockets = busySockets
    }

    public static let off = LoopCoalescing(nap: .zero)
}

/// A loop's own count of what it served in the current period, and whether the last period made
/// it busy. Times are the caller's monotonic nanoseconds.
struct LoopLoad {
    private(set) var policy: LoopCoalescing
    private(set) var busy = false
    /// How long the next nap is: `policy.nap` at most, `shortestNap` at least.
    private(set) var nap: Duration
    static let shortestNap: Duration = .microseconds(100)
    private var periodStart: UInt64
    private var events = 0
    private var sockets = Set<Int32>()
    /// Distinct sockets ready in the last period ended.
    private var lastSockets = 0
    /// Periods left during which the loop does not nap (`napped(ready:)`).
    private var holdOff = 0
    static let periodNanoseconds: UInt64 = 100_000_000
    /// How long napping stays off once a nap was found to hold clients up: ten periods, so a
    /// saturating client loses at most one nap a second.
    static let holdOffPeriods = 10

    init(policy: LoopCoalescing, now: UInt64) {
        self.policy = policy
        nap = policy.nap
        periodStart = now
    }

    mutating func ready(socket: Int32) {
        events += 1
        sockets.insert(socket)
    }

    mutating func ran(jobs: Int) { events += jobs }

    /// After a nap, `ready` sockets were ready. When that is half or more of the sockets the loop
    /// served in the last period, its clients were waiting on the loop, not the loop on them (a
    /// closed loop of connections such as `wrk`'s, which a nap only slows): no naps for a while.
    mutating func napped(ready: Int) {
        if ready >= policy.roundTarget {
            nap = max(nap / 2, Self.shortestNap)
        } else if ready * 2 < policy.roundTarget {
            nap = min(nap * 2, policy.nap)
        }
        guard ready > 0, ready * 2 >= lastSockets else { return }
        busy = false
        holdOff = Self.holdOffPeriods
    }

    /// Ends the period once it is over: whether the loop is busy is decided by the period just
    /// ended, under `policy` from then on. True when a period ended.
    mutating func roll(now: UInt64, policy next: @autoclosure () -> LoopCoalescing) -> Bool {
        let elapsed = now &- periodStart
        guard elapsed >= Self.periodNanoseconds else { return false }
        // A rate over the whole time since the period began: a loop that slept through several
        // periods was not busy in them.
        let perSecond = Double(events) * 1e9 / Double(elapsed)
        busy = policy.nap > .zero
            && perSecond >= Double(policy.busyEventsPerSecond)
            && sockets.count >= policy.busySockets
        policy = next()
        nap = min(max(nap, Self.shortestNap), policy.nap)
        if policy.nap <= .zero { busy = false }
        if holdOff > 0 {
            holdOff -= 1
            busy = false
        }
        lastSockets = sockets.count
        periodStart = now
        events = 0
        sockets.removeAll(keepingCapacity: true)
        return true
    }
}
