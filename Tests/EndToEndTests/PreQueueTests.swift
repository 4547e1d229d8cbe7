import Foundation
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer
import RouteTesting

@Suite("Pre-queue shuffle is committed, revealed and verifiable")
struct PreQueueTests {
    private func hex(_ text: String) -> String {
        Crypto.sha256(Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func orderAtOpeningMatchesTheRevealedSeed() async throws {
        let clock = TestClock()
        let show = try await ShowFixture.make(rate: 0.0001, maxActive: 1, opensIn: 3_600, clock: clock.wallClock)
        defer { Task { await show.server.stop() } }
        let before = try await show.server.client().get(show.queuePath, as: QueueStatsDTO.self)
        #expect(before.seed == nil && !before.opened)
        var buyers: [(APIClient, String)] = []
        for _ in 0..<8 {
            let (api, auth) = try await show.server.signedUp("buyer")
            let status = try await show.join(api)
            #expect(status.preQueue == true && status.position == nil)
            buyers.append((api, auth.user.id))
        }
        clock.advance(by: 3_601)
        let after = try await show.waitForStatus(buyers[0].0) { $0.position != nil }
        #expect(after.position != nil)
        let stats = try await show.server.client().get(show.queuePath, as: QueueStatsDTO.self)
        let seed = try #require(stats.seed)
        #expect(stats.seedCommitment == before.seedCommitment)
        #expect(hex(seed) == stats.seedCommitment)
        let expected = buyers.map(\.1).sorted { (hex(seed + ":" + $0), $0) < (hex(seed + ":" + $1), $1) }
        #expect(stats.preQueueOrder == expected)
        for (api, userId) in buyers {
            let status = try await api.get(show.queuePath + "/me", as: QueueStatusDTO.self)
            #expect(status.position == expected.firstIndex(of: userId)! + 1)
        }
    }
}
