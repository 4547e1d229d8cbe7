import Testing
@testable import TicketingNet

/// When a loop counts as busy enough to nap (`LoopLoad`), on times given by the test.
@Suite("LoopLoad")
struct LoopLoadTests {
    private let policy = LoopCoalescing(nap: .milliseconds(5), busyEventsPerSecond: 1_000, busySockets: 16)
    private let ms: UInt64 = 1_000_000

    /// `events` events spread over `sockets` sockets within the period from 0.
    private func period(_ load: inout LoopLoad, events: Int, sockets: Int) {
        for index in 0..<events { load.ready(socket: Int32(index % sockets)) }
    }

    private func roll(_ load: inout LoopLoad, at now: UInt64, policy next: LoopCoalescing) -> Bool {
        load.roll(now: now, policy: next)
    }

    @Test func manySocketsAtAHighRateMakeTheNextPeriodBusy() {
        var load = LoopLoad(policy: policy, now: 0)
        period(&load, events: 150, sockets: 40)
        #expect(!roll(&load, at: 99 * ms, policy: policy))
        #expect(!load.busy)
        #expect(roll(&load, at: 100 * ms, policy: policy))
        #expect(load.busy)
        // A quiet period after it ends the naps.
        period(&load, events: 20, sockets: 20)
        #expect(roll(&load, at: 200 * ms, policy: policy))
        #expect(!load.busy)
    }

    @Test func oneClientNeverMakesItBusyHoweverFast() {
        var load = LoopLoad(policy: policy, now: 0)
        period(&load, events: 5_000, sockets: 2)
        load.ran(jobs: 5_000)
        #expect(roll(&load, at: 100 * ms, policy: policy))
        #expect(!load.busy)
    }

    @Test func jobsCountTowardTheRate() {
        var load = LoopLoad(policy: policy, now: 0)
        period(&load, events: 20, sockets: 20)
        #expect(roll(&load, at: 100 * ms, policy: policy))
        #expect(!load.busy)
        period(&load, events: 20, sockets: 20)
        load.ran(jobs: 80)
        #expect(roll(&load, at: 200 * ms, policy: policy))
        #expect(load.busy)
    }

    @Test func aLongSleepIsNotBusyEvenWithManySockets() {
        var load = LoopLoad(policy: policy, now: 0)
        period(&load, events: 200, sockets: 40)
        // The loop slept for ten seconds before the period could end: 20 events a second.
        #expect(roll(&load, at: 10_000 * ms, policy: policy))
        #expect(!load.busy)
    }

    @Test func aZeroNapNeverNapsAndANewPolicyTakesEffectAtTheNextPeriod() {
        var load = LoopLoad(policy: .off, now: 0)
        period(&load, events: 500, sockets: 40)
        #expect(roll(&load, at: 100 * ms, policy: policy))
        #expect(!load.busy, "judged under the policy the period ran with")
        #expect(load.policy == policy)
        period(&load, events: 500, sockets: 40)
        #expect(roll(&load, at: 200 * ms, policy: .off))
        #expect(!load.busy, "switched off at once")
    }

    @Test func aNapThatFindsMostSocketsWaitingStopsTheNapsForTenPeriods() {
        var load = LoopLoad(policy: policy, now: 0)
        period(&load, events: 400, sockets: 40)
        #expect(roll(&load, at: 100 * ms, policy: policy))
        #expect(load.busy)
        // A few of the 40 ready after a nap: arrivals of their own, napping goes on.
        load.napped(ready: 7)
        #expect(load.busy)
        // Half of them: they were waiting on the loop.
        load.napped(ready: 20)
        #expect(!load.busy)
        for index in 2...11 {
            period(&load, events: 400, sockets: 40)
            #expect(roll(&load, at: UInt64(index) * 100 * ms, policy: policy))
            #expect(!load.busy, "period \(index)")
        }
        period(&load, events: 400, sockets: 40)
        #expect(roll(&load, at: 1_200 * ms, policy: policy))
        #expect(load.busy)
    }

    @Test func napsShortenWhileEachGathersManySocketsAndGrowBackWhenFew() {
        var load = LoopLoad(policy: policy, now: 0)
        period(&load, events: 4_000, sockets: 400)
        #expect(roll(&load, at: 100 * ms, policy: policy))
        #expect(load.nap == .milliseconds(5))
        load.napped(ready: 40)
        #expect(load.nap == .microseconds(2_500))
        for _ in 0..<10 { load.napped(ready: 40) }
        #expect(load.nap == LoopLoad.shortestNap)
        // Between a half and a whole target: as it is.
        load.napped(ready: 10)
        #expect(load.nap == LoopLoad.shortestNap)
        load.napped(ready: 3)
        #expect(load.nap == .microseconds(200))
        for _ in 0..<10 { load.napped(ready: 3) }
        #expect(load.nap == .milliseconds(5))
        #expect(load.busy, "none of these was half the loop's sockets")
    }
}
