import Foundation
import Testing
@testable import TicketingDomain

@Suite struct WaitingRoomETATests {
    @Test(arguments: [(2.0, 10, 5), (2.0, 9, 5), (0.5, 3, 6), (1.0, 0, 0), (3.0, 7, 3)])
    func beforeAnyAdmissionTheConfiguredRateIsUsed(rate: Double, ahead: Int, eta: Int) {
        var room = QueueFixture.room(QueueFixture.policy(rate: rate))
        room.joinAll(QueueFixture.users(ahead + 1), now: epoch)
        #expect(room.status(of: "u\(ahead)", now: epoch, inventory: QueueFixture.plenty)?.etaSeconds == eta)
    }

    @Test func aZeroRateHasNoETA() {
        var room = QueueFixture.room(QueueFixture.policy(rate: 0))
        room.joinAll(["a", "b"], now: epoch)
        #expect(room.status(of: "b", now: epoch, inventory: QueueFixture.plenty)?.etaSeconds == nil)
    }

    /// A steady admission rate: the ETA is ahead ÷ that rate (within the meter's edge effect).
    @Test(arguments: [0.5, 1.0, 2.0, 4.0])
    func steadyAdmissionGivesAheadOverTheRate(rate: Double) throws {
        var room = QueueFixture.room(QueueFixture.policy(rate: rate))
        room.joinAll(QueueFixture.users(1_000), now: epoch)
        let admitted = room.run(from: epoch, seconds: 90)
        let now = try #require(admitted.last?.time)
        let measured = Double(admitted.count) / now.timeIntervalSince(epoch)
        #expect(abs(measured - rate) / rate < 0.05)
        for ahead in [10, 50, 200] {
            let user = try #require(QueueFixture.users(1_000).first { room.ahead($0, now: now) == ahead })
            let eta = try #require(room.status(of: user, now: now, inventory: QueueFixture.plenty)?.etaSeconds)
            let expected = Double(ahead) / rate
            #expect(abs(Double(eta) - expected) <= expected * 0.1 + 1, "rate \(rate) ahead \(ahead): eta \(eta)")
        }
    }

    /// A full `maxActive` holds admission well below the configured rate: the ETA follows reality.
    @Test func theETAFollowsTheMeasuredRateNotTheConfiguredOne() throws {
        var room = QueueFixture.room(QueueFixture.policy(rate: 10, maxActive: 2, ttl: 10))
        room.joinAll(QueueFixture.users(100), now: epoch)
        let admitted = room.run(from: epoch, seconds: 60)
        #expect(admitted.count == 12, "two every 10 s")
        let now = epoch.addingTimeInterval(60)
        let user = try #require(QueueFixture.users(100).first { room.ahead($0, now: now) == 20 })
        let eta = try #require(room.status(of: user, now: now, inventory: QueueFixture.plenty)?.etaSeconds)
        #expect((80...120).contains(eta), "20 ahead at 0.2/s ≈ 100 s, not 2 s; got \(eta)")
    }

    @Test func meterIsSilentUntilItHasTwoAdmissions() {
        var meter = AdmissionRateMeter(window: 30)
        #expect(meter.perSecond(now: epoch) == nil)
        meter.record(epoch)
        #expect(meter.perSecond(now: epoch) == nil)
        meter.record(epoch.addingTimeInterval(1))
        #expect(meter.perSecond(now: epoch.addingTimeInterval(2)) == 1, "2 admissions over 2 s")
    }

    @Test func meterForgetsAdmissionsOutsideItsWindow() {
        var meter = AdmissionRateMeter(window: 30)
        for second in 0..<10 { meter.record(epoch.addingTimeInterval(Double(second))) }
        // Seconds 8 and 9 are still inside; the span runs from the oldest to now, so a stall decays it.
        #expect(meter.perSecond(now: epoch.addingTimeInterval(38)) == 2.0 / 30)
        #expect(meter.perSecond(now: epoch.addingTimeInterval(9)) == 10.0 / 9)
        #expect(meter.perSecond(now: epoch.addingTimeInterval(100)) == nil)
    }

    @Test func meterStaysRightAcrossItsCompaction() throws {
        var meter = AdmissionRateMeter(window: 30)
        for i in 0..<5_000 { meter.record(epoch.addingTimeInterval(Double(i) * 0.125)) }
        let now = epoch.addingTimeInterval(4_999 * 0.125)
        let rate = try #require(meter.perSecond(now: now))
        #expect(rate == 241.0 / 30, "the last 30 s hold 241 admissions: \(rate)")
    }
}
