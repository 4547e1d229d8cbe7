import Foundation
import Synchronization
import Testing
import TicketingDomain
import TicketingProtocol
@testable import TicketingServer

/// A `queue.status` wave written from several threads still gives every waiting buyer exactly
/// their own rank, once; admitted buyers are left to the actor (their token), and a status
/// already pushed and unchanged is not sent again.
@Suite("queue.status waves")
struct QueueWaveTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static func line(_ buyers: Int) -> WaitingRoom {
        let policy = QueuePolicy(ratePerSecond: 5, maxActive: 5, admissionTTL: 600, maxSeatsPerOrder: 4,
                                 saleOpensAt: start.addingTimeInterval(-60))
        var room = WaitingRoom(policy: policy, shuffleKey: { $0 })
        let level = InventoryLevel(available: 100, held: 0)
        _ = room.tick(now: start, inventory: level)
        for index in 0..<buyers { _ = room.join("buyer-\(index)", now: start) }
        _ = room.tick(now: start.addingTimeInterval(1), inventory: level)
        return room
    }

    private final class Inbox: Sendable {
        let messages = Mutex<[String: [Data]]>([:])
        func outlet(_ userId: String) -> SocketOutlet {
            SocketOutlet { data in self.messages.withLock { $0[userId, default: []].append(data) } }
        }
    }

    @Test(arguments: [12, 2_500])
    func everyWaitingBuyerGetsTheirOwnRankOnce(buyers: Int) throws {
        let room = Self.line(buyers)
        let now = Self.start.addingTimeInterval(2)
        let level = InventoryLevel(available: 100, held: 0)
        let inbox = Inbox()
        let due = (0..<buyers).map { WaveEntry(userId: "buyer-\($0)", outlets: [inbox.outlet("buyer-\($0)")], previous: nil) }
        let outcome = Wave(room: room, level: level, performanceId: "p1", now: now).write(due)

        let admitted = Set(outcome.admitted.map(\.userId))
        #expect(admitted.count == 5)
        #expect(outcome.sent.count == buyers - 5)
        let received = inbox.messages.withLock { $0 }
        for index in 0..<buyers {
            let userId = "buyer-\(index)"
            let status = try #require(room.status(of: userId, now: now, inventory: level))
            if admitted.contains(userId) {
                #expect(status.state == .admitted)
                #expect(received[userId] == nil)
                continue
            }
            let messages = try #require(received[userId], "\(userId) got nothing")
            #expect(messages.count == 1)
            let push = try WireJSON.decode(QueueStatusPush.self, from: messages[0])
            #expect(push.ahead == status.ahead && push.state == "waiting" && push.performanceId == "p1")
        }
    }

    @Test func anUnchangedStatusPushedMomentsAgoIsNotSentAgain() throws {
        let room = Self.line(20)
        let now = Self.start.addingTimeInterval(2)
        let level = InventoryLevel(available: 100, held: 0)
        let status = try #require(room.status(of: "buyer-10", now: now, inventory: level))
        let same = QueueStatusPush(performanceId: "p1", status: PerformanceActor.dto(status, token: nil))
        let inbox = Inbox()
        let recent = WaveEntry(userId: "buyer-10", outlets: [inbox.outlet("buyer-10")], previous: (same, now.addingTimeInterval(-1)))
        let stale = WaveEntry(userId: "buyer-11", outlets: [inbox.outlet("buyer-11")], previous: (same, now.addingTimeInterval(-1)))
        let refresh = WaveEntry(userId: "buyer-10", outlets: [inbox.outlet("again")], previous: (same, now.addingTimeInterval(-6)))
        let outcome = Wave(room: room, level: level, performanceId: "p1", now: now).write([recent, stale, refresh])
        let received = inbox.messages.withLock { $0 }
        #expect(received["buyer-10"] == nil, "unchanged and pushed 1 s ago")
        #expect(received["buyer-11"]?.count == 1, "its rank differs from the one it was sent")
        #expect(received["again"]?.count == 1, "unchanged but due its refresh")
        #expect(outcome.sent.map(\.0).sorted() == ["buyer-10", "buyer-11"])
    }
}
