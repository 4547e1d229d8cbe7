import TestSupport
import Foundation
import Testing
import TicketingDomain

/// What the server persists from events, replayed into a fresh room after a restart.
private struct Journal {
    var waiting: [String] = []
    var admitted: [String: Date] = [:]
    var preQueue: [String] = []
    var opened = false

    mutating func record(_ events: [QueueEvent]) {
        for event in events {
            switch event {
            case .joined(let userId, _, _): waiting.append(userId)
            case .preQueued(let userId, _): preQueue.append(userId)
            case .opened(let order):
                opened = true
                preQueue = []
                waiting += order
            case .admitted(let userId, let expiresAt):
                waiting.removeAll { $0 == userId }
                admitted[userId] = expiresAt
            case .admissionEnded(let userId): admitted[userId] = nil
            case .left(let userId):
                waiting.removeAll { $0 == userId }
                preQueue.removeAll { $0 == userId }
            }
        }
    }

    func restored(_ policy: QueuePolicy, key: @escaping @Sendable (String) -> String) -> WaitingRoom {
        var room = WaitingRoom(policy: policy, shuffleKey: key)
        room.restore(waiting: waiting, admitted: admitted, preQueue: preQueue, opened: opened)
        return room
    }
}

@Suite struct WaitingRoomRestoreTests {
    @Test(arguments: DomainSeeds.list(5, salt: 6))
    func restartKeepsEveryPlaceAndTheAdmissionOrder(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let key = fnvHexKey(seed: "restore-\(seed)")
        let opens = epoch.addingTimeInterval(10)
        let policy = QueueFixture.policy(rate: 2, maxActive: 3, ttl: 20, opensAt: opens)
        var room = QueueFixture.room(policy, key: key)
        var journal = Journal()
        let users = QueueFixture.users(30)
        var now = epoch
        for _ in 0..<120 {
            now = now.addingTimeInterval(0.5)
            let user = users.randomElement(using: &rng)!
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5: journal.record(room.join(user, now: now))
            case 5: journal.record(room.leave(user))
            case 6: journal.record(room.complete(user))
            default: journal.record(room.tick(now: now, inventory: QueueFixture.plenty))
            }
        }
        var copy = journal.restored(policy, key: key)
        #expect(copy.isOpen == room.isOpen && copy.waitingCount == room.waitingCount, "seed \(seed)")
        #expect(copy.activeCount == room.activeCount, "seed \(seed)")
        for user in users {
            // The rate meter is not persisted: until two admissions the copy's ETA uses the
            // configured rate, so compare everything else.
            var before = room.status(of: user, now: now, inventory: QueueFixture.plenty)
            var after = copy.status(of: user, now: now, inventory: QueueFixture.plenty)
            before?.etaSeconds = nil
            after?.etaSeconds = nil
            #expect(after == before, "seed \(seed) \(user)")
        }
        let later = now.addingTimeInterval(1)
        let original = room.run(from: later, seconds: 120).map(\.userId)
        let afterRestart = copy.run(from: later, seconds: 120).map(\.userId)
        #expect(!original.isEmpty)
        #expect(afterRestart == original, "seed \(seed)")
    }

    @Test func aRestartBeforeOpeningKeepsThePreQueueAndItsShuffle() {
        let key = fnvHexKey(seed: "pre")
        let opens = epoch.addingTimeInterval(100)
        let policy = QueueFixture.policy(rate: 100, opensAt: opens)
        var room = QueueFixture.room(policy, key: key)
        var journal = Journal()
        for user in QueueFixture.users(12) { journal.record(room.join(user, now: epoch)) }
        var copy = journal.restored(policy, key: key)
        #expect(copy.status(of: "u3", now: epoch, inventory: QueueFixture.plenty)?.preQueue == true)
        #expect(copy.tick(now: opens, inventory: QueueFixture.plenty) == room.tick(now: opens, inventory: QueueFixture.plenty))
    }

    @Test func restoringTwiceDoesNotDuplicateAnyone() {
        var room = QueueFixture.room(QueueFixture.policy())
        room.restore(waiting: ["a", "b"], admitted: [:], preQueue: [], opened: true)
        room.restore(waiting: ["a", "b", "c"], admitted: [:], preQueue: [], opened: true)
        #expect(room.waitingCount == 3)
        #expect(room.ahead("c", now: epoch) == 2)
    }
}
