import Foundation
import Testing
import TicketingDomain
import TicketingProtocol
@testable import TicketingServer

/// Best-available picks running at once on one distributed node share one map read; each pick
/// reserves its seats in it before its take, so they choose different seats instead of all
/// racing for the same best ones (docs/SCALE_OUT.md, "Versions and fan-out").
@Suite("Concurrent best-available picks on one Redis node", .enabled(if: Backend.redisURL != nil, "QT_TEST_REDIS_URL is not set"))
struct RedisConcurrentPickTests {
    @Test func picksAtOnceTakeDifferentSeatsWithoutRetrying() async throws {
        let under = try await Backend.distributed.make()
        let (created, _) = try await under.performance()
        // One try per request: a pick that lost a race would answer "unavailable".
        let node = try Backend.redisNode(records: under.records,
                                         settings: .init(tick: .milliseconds(100), pushInterval: 0.25,
                                                         bestAvailableAttempts: 1))
        let show = try #require(try await node.states.state(for: created.id))
        let outcomes = try await withThrowingTaskGroup(of: Result<HoldDTO, HoldError>.self) { group in
            for index in 0..<12 {
                group.addTask {
                    try await show.hold(userId: "usr_pick\(index)", request: CreateHoldRequest(grade: "R", count: 2),
                                        holdId: "hld_pick_\(UUID().uuidString)")
                }
            }
            return try await group.reduce(into: [Result<HoldDTO, HoldError>]()) { $0.append($1) }
        }
        let held = outcomes.compactMap { try? $0.get().seatIds }
        #expect(held.count == 12, "every pick held on its first try: \(outcomes)")
        #expect(Set(held.joined()).count == 24, "no seat twice")
        await node.states.stopAll()
        await node.pool.shutdown()
        await under.teardown()
    }
}
