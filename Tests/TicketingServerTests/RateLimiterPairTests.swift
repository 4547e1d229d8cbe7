import Foundation
import Testing
@testable import TicketingServer

/// The caller-and-address check made in one visit keeps the order of two checks: a caller
/// refused by its own bucket does not spend its address's.
@Suite("Rate limiter, caller and address together")
struct RateLimiterPairTests {
    @Test func aRefusedCallerDoesNotSpendItsAddress() async throws {
        var limits = RateLimits()
        limits.perUserJoin = RateLimit(burst: 1, perSecond: 0.001)
        limits.perAddressJoin = RateLimit(burst: 2, perSecond: 0.001)
        let limiter = RateLimiter(limits: limits, clock: WallClock { Date(timeIntervalSince1970: 1_000) })
        func join(_ user: String) async -> Bool {
            do {
                try await limiter.check(user, limit: .perUserJoin, address: "10.0.0.1", limit: .perAddressJoin)
                return true
            } catch {
                return false
            }
        }
        #expect(await join("usr_a"))
        #expect(!(await join("usr_a")))
        #expect(!(await join("usr_a")))
        #expect(await join("usr_b"))
        #expect(!(await join("usr_c")))
    }
}
