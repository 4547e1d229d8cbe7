import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// A crowd of thousands must not poll like a storm: far back asks rarely, near the front often.
@Suite struct RushPacingTests {
    let opens = Date(timeIntervalSince1970: 1_000)

    @Test func beforeOpeningTheFirstAskComesJustAfterIt() {
        let status = QueueStatusDTO(state: "waiting", position: nil, ahead: nil, etaSeconds: nil, mayMissOut: false,
                                    preQueue: true)
        let delay = RushPacing.pollDelay(status, saleOpensAt: opens, now: opens.addingTimeInterval(-12), jitter: 0.5)
        #expect(delay > 12 && delay < 16)
    }

    @Test func farBackAsksRarelyAndNearTheFrontOften() {
        func delay(eta: Int, jitter: Double) -> TimeInterval {
            let status = QueueStatusDTO(state: "waiting", position: 10, ahead: 9, etaSeconds: eta, mayMissOut: false)
            return RushPacing.pollDelay(status, saleOpensAt: opens, now: opens, jitter: jitter)
        }
        #expect(delay(eta: 600, jitter: 1) <= RushPacing.longestWait * 1.25)
        #expect(delay(eta: 600, jitter: 0) >= 10)
        #expect(delay(eta: 2, jitter: 0) <= 1)
        #expect(delay(eta: 2, jitter: 1) <= 1.25)
    }
}
